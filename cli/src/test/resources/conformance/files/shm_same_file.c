/* A file made in /dev/shm is the same file by its name (stat) and by a
 * descriptor (fstat): cp and mv compare the two before they copy it. */
#include "../conf.h"
int main(void)
{
	int fd = check("create", open("/dev/shm/conf-same", O_CREAT | O_RDWR | O_TRUNC, 0600));
	struct stat by_name, by_fd;
	check("stat", stat("/dev/shm/conf-same", &by_name));
	check("fstat", fstat(fd, &by_fd));
	yes("same device", by_name.st_dev == by_fd.st_dev);
	yes("same inode", by_name.st_ino == by_fd.st_ino);
	struct stat dir, root;
	check("stat /dev/shm", stat("/dev/shm", &dir));
	check("stat /", stat("/", &root));
	close(fd);
	check("unlink", unlink("/dev/shm/conf-same"));
	return 0;
}
