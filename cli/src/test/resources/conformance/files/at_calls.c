/* The *at calls relative to a directory descriptor and AT_FDCWD. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0755);
	int dfd = must("open d", open("d", O_RDONLY | O_DIRECTORY));
	check("mkdirat", mkdirat(dfd, "sub", 0755));
	int fd = check("openat", openat(dfd, "sub/f", O_CREAT | O_WRONLY, 0644));
	close(fd);
	struct stat st;
	check("fstatat", fstatat(dfd, "sub/f", &st, 0));
	check("stat by path", stat("d/sub/f", &st));
	check("renameat", renameat(dfd, "sub/f", AT_FDCWD, "g"));
	check("unlinkat dir without flag", unlinkat(dfd, "sub", 0));
	check("unlinkat AT_REMOVEDIR", unlinkat(dfd, "sub", AT_REMOVEDIR));
	check("faccessat", faccessat(AT_FDCWD, "g", R_OK, 0));
	int ffd = must("open g", open("g", O_RDONLY));
	check("openat on a file fd", openat(ffd, "x", O_RDONLY));
	check("openat bad fd", openat(99, "x", O_RDONLY));
	check("absolute ignores dirfd", openat(99, "/etc/passwd", O_RDONLY));
	return 0;
}
