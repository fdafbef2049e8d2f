/* A connected UDP socket learns of a closed port: the next recv is ECONNREFUSED. */
#include "../conf.h"
int main(void)
{
	int t = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(t, (void *)&a, sizeof a);
	socklen_t len = sizeof a;
	getsockname(t, (void *)&a, &len);
	close(t);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	check("connect", connect(u, (void *)&a, sizeof a));
	value("send", send(u, "x", 1, 0));
	/* until the port unreachable has come back (loopback hands it on
	 * through softirqs, which a loaded machine may run late) */
	struct pollfd p = {u, POLLIN, 0};
	poll(&p, 1, 5000);
	char c;
	check("recv", recv(u, &c, 1, MSG_DONTWAIT));
	check("recv again", recv(u, &c, 1, MSG_DONTWAIT));
	return 0;
}
