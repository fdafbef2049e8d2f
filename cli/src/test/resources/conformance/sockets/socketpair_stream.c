/* A stream socketpair: both ways, shutdown, EPIPE after the peer closes. */
#include "../conf.h"
int main(void)
{
	int s[2];
	check("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	write(s[0], "ab", 2);
	write(s[0], "cd", 2);
	char buf[8] = {0};
	value("read merges", read(s[1], buf, 8));
	check("shutdown SHUT_WR", shutdown(s[0], SHUT_WR));
	value("peer reads eof", read(s[1], buf, 8));
	check("write after SHUT_WR", (signal(SIGPIPE, SIG_IGN), write(s[0], "x", 1)));
	close(s[1]);
	check("write to closed peer", write(s[0], "x", 1));
	return 0;
}
