/* With RLIMIT_NOFILE lowered, open, dup and pipe fail with EMFILE at the limit. */
#include "../conf.h"
int main(void)
{
	struct rlimit r = {16, 16};
	check("setrlimit 16", setrlimit(RLIMIT_NOFILE, &r));
	int n = 0, fd;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) n = fd;
	printf("open: %s, highest %d\n", errname(errno), n);
	check("dup", dup(0));
	int p[2];
	check("pipe", pipe(p));
	check("F_DUPFD at 16", fcntl(0, F_DUPFD, 16));
	check("dup2 to 16", dup2(0, 16));
	close(n);
	check("open after a close", open("/dev/null", O_RDONLY));
	r.rlim_cur = 32;
	check("raise soft above hard", setrlimit(RLIMIT_NOFILE, &r));
	return 0;
}
