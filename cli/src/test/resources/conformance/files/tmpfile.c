/* O_TMPFILE: a file with no name, then given one by linkat. */
#include "../conf.h"
int main(void)
{
	int fd = check("O_TMPFILE", open(".", O_TMPFILE | O_RDWR, 0600));
	if (fd < 0) return 0;
	write(fd, "anon", 4);
	struct stat st;
	fstat(fd, &st);
	value("nlink", st.st_nlink);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	check("linkat", linkat(AT_FDCWD, path, AT_FDCWD, "named", AT_SYMLINK_FOLLOW));
	fstat(fd, &st);
	value("nlink after", st.st_nlink);
	char buf[8] = {0};
	int g = open("named", O_RDONLY);
	read(g, buf, 7);
	printf("named holds: %s\n", buf);
	check("O_TMPFILE without write", open(".", O_TMPFILE | O_RDONLY, 0600));
	return 0;
}
