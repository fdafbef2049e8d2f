/* fallocate grows a file; KEEP_SIZE does not; posix_fallocate too. */
#include "../conf.h"
int main(void)
{
	int fd = must("open", open("f", O_RDWR | O_CREAT, 0644));
	struct stat st;
	check("fallocate 4096", fallocate(fd, 0, 0, 4096));
	fstat(fd, &st);
	value("size", st.st_size);
	check("keep size", fallocate(fd, FALLOC_FL_KEEP_SIZE, 4096, 4096));
	fstat(fd, &st);
	value("size", st.st_size);
	value("posix_fallocate", posix_fallocate(fd, 0, 10000));
	fstat(fd, &st);
	value("size", st.st_size);
	check("negative length", fallocate(fd, 0, 0, -1));
	int ro = open("f", O_RDONLY);
	check("read-only fd", fallocate(ro, 0, 0, 1));
	return 0;
}
