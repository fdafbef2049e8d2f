/* Connecting to a closed port is ECONNREFUSED; an unreachable family EAFNOSUPPORT. */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(l, (void *)&a, sizeof a);
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	close(l);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	check("connect to closed port", connect(c, (void *)&a, sizeof a));
	check("socket bad family", socket(12345, SOCK_STREAM, 0));
	check("socket bad type", socket(AF_INET, 12345, 0));
	check("AF_INET6 to v4 address size", connect(socket(AF_INET6, SOCK_STREAM, 0), (void *)&a, sizeof a));
	return 0;
}
