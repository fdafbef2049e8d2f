/* Relative targets resolve from the link's directory; ".." through links. */
#include "../conf.h"
int main(void)
{
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	put("a/f", "in a");
	symlink("../f", "a/b/up");
	symlink("a/b", "ab");
	char buf[8] = {0};
	int fd = check("open a/b/up", open("a/b/up", O_RDONLY));
	read(fd, buf, 7);
	printf("got: %s\n", buf);
	check("ab/../f (physical ..)", access("ab/../f", F_OK));
	check("ab/up", access("ab/up", F_OK));
	check("a trailing slash to a dir", access("ab/", F_OK));
	put("file", "x");
	symlink("file", "lf");
	check("a trailing slash to a file", access("lf/", F_OK));
	symlink("/etc/hostname", "abs");
	check("an absolute target", access("abs", F_OK));
	return 0;
}
