/* TCP over ::1. */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	check("bind ::1", bind(l, (void *)&a, sizeof a));
	listen(l, 1);
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	int c = socket(AF_INET6, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, sizeof a));
	int s = check("accept", accept(l, NULL, NULL));
	write(c, "six", 3);
	char buf[4] = {0};
	value("read", read(s, buf, 3));
	printf("got %s\n", buf);
	struct sockaddr_in6 p;
	len = sizeof p;
	getpeername(s, (void *)&p, &len);
	yes("peer is ::1", IN6_IS_ADDR_LOOPBACK(&p.sin6_addr));
	return 0;
}
