/* /proc/self/exe names the program; it opens and execs. */
#include "../conf.h"
int main(int argc, char **argv)
{
	(void)argc;
	char buf[256] = {0};
	readlink("/proc/self/exe", buf, sizeof buf - 1);
	printf("exe: %s\n", buf);
	yes("== argv[0]", !strcmp(buf, argv[0]));
	struct stat a, b;
	stat("/proc/self/exe", &a);
	stat(argv[0], &b);
	yes("same file", a.st_ino == b.st_ino);
	memset(buf, 0, sizeof buf);
	readlink("/proc/1/exe", buf, sizeof buf - 1);
	printf("pid 1: %s\n", buf);
	return 0;
}
