/* accept4's SOCK_NONBLOCK and SOCK_CLOEXEC; SOCK_ flags on socket(). */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	value("socket cloexec", fcntl(l, F_GETFD));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(l, (void *)&a, sizeof a);
	listen(l, 1);
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (void *)&a, sizeof a);
	int s = check("accept4", accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	yes("nonblock", fcntl(s, F_GETFL) & O_NONBLOCK);
	value("cloexec", fcntl(s, F_GETFD));
	check("accept4 bad flags", accept4(l, NULL, NULL, 0x1234));
	check("accept on unlistened", accept(c, NULL, NULL));
	return 0;
}
