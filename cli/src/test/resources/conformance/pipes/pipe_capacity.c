/* A pipe holds 64 KiB by default; F_SETPIPE_SZ changes it. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe2(p, O_NONBLOCK);
	value("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
	char buf[4096] = {0};
	long total = 0, n;
	while ((n = write(p[1], buf, sizeof buf)) > 0) total += n;
	printf("filled %ld then %s\n", total, errname(errno));
	value("F_SETPIPE_SZ 1 MiB", fcntl(p[0], F_SETPIPE_SZ, 1 << 20));
	value("F_SETPIPE_SZ too small for the data", fcntl(p[0], F_SETPIPE_SZ, 4096));
	value("F_GETPIPE_SZ on a file", fcntl(open("/dev/null", O_RDONLY), F_GETPIPE_SZ));
	return 0;
}
