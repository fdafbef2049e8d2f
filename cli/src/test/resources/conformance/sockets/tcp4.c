/* TCP over 127.0.0.1: listen on port 0, connect, both names, data both ways. */
#include "../conf.h"
int main(void)
{
	int l = check("socket", socket(AF_INET, SOCK_STREAM, 0));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	check("bind port 0", bind(l, (void *)&a, sizeof a));
	check("listen", listen(l, 4));
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	yes("got a port", a.sin_port != 0);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, sizeof a));
	struct sockaddr_in peer;
	len = sizeof peer;
	int s = check("accept", accept(l, (void *)&peer, &len));
	struct sockaddr_in cn;
	len = sizeof cn;
	getsockname(c, (void *)&cn, &len);
	yes("accept's peer == client's name", peer.sin_port == cn.sin_port && peer.sin_addr.s_addr == cn.sin_addr.s_addr);
	struct sockaddr_in gp;
	len = sizeof gp;
	getpeername(c, (void *)&gp, &len);
	yes("client's peer == listener's name", gp.sin_port == a.sin_port);
	value("send", send(c, "ping", 4, 0));
	char buf[8] = {0};
	value("recv", recv(s, buf, 7, 0));
	printf("got %s\n", buf);
	value("send back", send(s, "pong", 4, 0));
	value("recv", recv(c, buf, 7, 0));
	return 0;
}
