/* A closed TCP peer: read returns 0; with unread data the close resets (ECONNRESET). */
#include "../conf.h"
int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(l, (void *)&a, sizeof a);
	listen(l, 2);
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (void *)&a, sizeof a);
	int s = accept(l, NULL, NULL);
	close(s);
	char buf[4];
	value("read after peer close", read(c, buf, 4));
	int c2 = socket(AF_INET, SOCK_STREAM, 0);
	connect(c2, (void *)&a, sizeof a);
	int s2 = accept(l, NULL, NULL);
	write(c2, "unread", 6);
	/* until the data is there to be left unread (loopback hands it on
	 * through softirqs, which a loaded machine may run late) */
	struct pollfd p = {s2, POLLIN, 0};
	poll(&p, 1, 5000);
	close(s2);
	usleep(20000);
	check("read after reset", read(c2, buf, 4));
	return 0;
}
