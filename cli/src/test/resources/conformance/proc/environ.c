/* /proc/self/environ holds the initial environment. */
#include "../conf.h"
int main(int argc, char **argv)
{
	if (argc > 1) {
		int fd = open("/proc/self/environ", O_RDONLY);
		char buf[256];
		long n = read(fd, buf, sizeof buf);
		for (int i = 0; i < n; i++) putchar(buf[i] ? buf[i] : '\n');
		return 0;
	}
	execle("/proc/self/exe", argv[0], "x", (char *)NULL, (char *[]){"ONE=1", "TWO=two", NULL});
	return 1;
}
