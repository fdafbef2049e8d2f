/* poll on a pipe: nothing, then POLLIN, then POLLHUP; POLLOUT; POLLNVAL. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	struct pollfd f[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
	value("empty", poll(f, 1, 0));
	value("writer ready", poll(f + 1, 1, 0));
	printf("revents POLLOUT: %s\n", f[1].revents == POLLOUT ? "yes" : "no");
	write(p[1], "x", 1);
	value("data", poll(f, 1, 0));
	printf("revents POLLIN: %s\n", f[0].revents == POLLIN ? "yes" : "no");
	close(p[1]);
	poll(f, 1, 0);
	printf("after close: IN %s HUP %s\n", f[0].revents & POLLIN ? "yes" : "no", f[0].revents & POLLHUP ? "yes" : "no");
	struct pollfd bad = {99, POLLIN, 0};
	value("closed fd", poll(&bad, 1, 0));
	printf("POLLNVAL: %s\n", bad.revents == POLLNVAL ? "yes" : "no");
	struct pollfd neg = {-1, POLLIN, 0};
	value("negative fd", poll(&neg, 1, 0));
	return 0;
}
