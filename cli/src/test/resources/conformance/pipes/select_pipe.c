/* select on a pipe's ends; a timeout of zero; EBADF. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	fd_set r, w;
	struct timeval tv = {0, 0};
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	value("empty", select(p[0] + 1, &r, NULL, NULL, &tv));
	write(p[1], "x", 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	FD_ZERO(&w);
	FD_SET(p[1], &w);
	tv = (struct timeval){0, 0};
	value("ready", select(p[1] + 1, &r, &w, NULL, &tv));
	printf("read set: %s write set: %s\n", FD_ISSET(p[0], &r) ? "yes" : "no", FD_ISSET(p[1], &w) ? "yes" : "no");
	FD_ZERO(&r);
	FD_SET(50, &r);
	tv = (struct timeval){0, 0};
	value("closed fd", select(51, &r, NULL, NULL, &tv));
	tv = (struct timeval){0, 20000};
	value("timeout", select(0, NULL, NULL, NULL, &tv));
	return 0;
}
