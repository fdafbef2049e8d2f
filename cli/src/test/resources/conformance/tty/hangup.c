/* Closing the master: the slave reads end of file (or EIO), writes fail with EIO. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	close(m);
	char c;
	long r = read(s, &c, 1);
	printf("read: %s\n", r < 0 ? errname(errno) : r == 0 ? "eof" : "data");
	check("write", write(s, "x", 1));
	struct pollfd p = {s, POLLIN, 0};
	poll(&p, 1, 0);
	yes("POLLHUP", p.revents & POLLHUP);
	return 0;
}
