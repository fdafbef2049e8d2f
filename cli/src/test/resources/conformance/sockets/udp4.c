/* UDP over 127.0.0.1: datagrams keep their boundaries; recvfrom names the sender. */
#include "../conf.h"
int main(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	check("bind a", bind(a, (void *)&sa, sizeof sa));
	socklen_t len = sizeof sa;
	getsockname(a, (void *)&sa, &len);
	value("sendto 3", sendto(b, "one", 3, 0, (void *)&sa, sizeof sa));
	value("sendto 5", sendto(b, "two22", 5, 0, (void *)&sa, sizeof sa));
	char buf[16];
	struct sockaddr_in from;
	len = sizeof from;
	value("recvfrom", recvfrom(a, buf, sizeof buf, 0, (void *)&from, &len));
	struct sockaddr_in bn;
	socklen_t bl = sizeof bn;
	getsockname(b, (void *)&bn, &bl);
	yes("from == sender's name", from.sin_port == bn.sin_port);
	value("recv", recv(a, buf, 2, 0));
	value("recv empty", recv(a, buf, sizeof buf, MSG_DONTWAIT));
	value("zero-length datagram", sendto(b, "", 0, 0, (void *)&sa, sizeof sa));
	value("recv it", recv(a, buf, sizeof buf, 0));
	return 0;
}
