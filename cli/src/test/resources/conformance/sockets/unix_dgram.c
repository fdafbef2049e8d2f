/* AF_UNIX datagram sockets by path: request and reply by name, connect and its errors, write on a
 * connected one, getpeername, shutdown, abstract names, a full queue. (The sender's name as the
 * receiver sees it: unix_dgram_sender.c.) */
#include "../conf.h"
static struct sockaddr_un named(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	return a;
}
int main(void)
{
	struct sockaddr_un s = named("dsrv"), c = named("dcli"), none = named("nothing"), plain = named("plain");
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cli = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	check("bind server", bind(srv, (void *)&s, sizeof s));
	check("bind client", bind(cli, (void *)&c, sizeof c));
	check("send unconnected", send(cli, "x", 1, 0));
	check("connect", connect(cli, (void *)&s, sizeof s));
	value("send", send(cli, "ping", 4, 0));
	char buf[64] = {0};
	value("server got", recv(srv, buf, sizeof buf, 0));
	value("reply by name", sendto(srv, "pong", 4, 0, (void *)&c, sizeof c));
	value("client got", recv(cli, buf, sizeof buf, 0));
	value("write", write(cli, "w", 1));
	struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
	value("writev", writev(cli, iov, 2));
	value("one datagram", recv(srv, buf, sizeof buf, 0) + recv(srv, buf, sizeof buf, 0));
	struct sockaddr_un p;
	socklen_t pl = sizeof p;
	check("getpeername", getpeername(cli, (void *)&p, &pl));
	printf("peer ends with dsrv: %s\n", strlen(p.sun_path) >= 4 && !strcmp(p.sun_path + strlen(p.sun_path) - 4, "dsrv") ? "yes" : "no");
	pl = sizeof p;
	check("getpeername unconnected", getpeername(srv, (void *)&p, &pl));
	check("sendto nothing", sendto(srv, "a", 1, 0, (void *)&none, sizeof none));
	put("plain", "x");
	check("sendto a plain file", sendto(srv, "a", 1, 0, (void *)&plain, sizeof plain));
	check("connect to a plain file", connect(srv, (void *)&plain, sizeof plain));
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = named("dstream");
	bind(st, (void *)&sa, sizeof sa);
	listen(st, 1);
	check("sendto a stream socket", sendto(srv, "a", 1, 0, (void *)&sa, sizeof sa));
	check("connect to a stream socket", connect(srv, (void *)&sa, sizeof sa));
	struct sockaddr_un abs = {.sun_family = AF_UNIX};
	memcpy(abs.sun_path, "\0conf-dgram", 11);
	int a = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind abstract", bind(a, (void *)&abs, 2 + 11));
	value("sendto abstract", sendto(srv, "abs", 3, 0, (void *)&abs, 2 + 11));
	value("abstract got", recv(a, buf, sizeof buf, MSG_DONTWAIT));
	struct sockaddr_un unspec = {.sun_family = AF_UNSPEC};
	check("connect AF_UNSPEC", connect(cli, (void *)&unspec, sizeof unspec));
	check("send after", send(cli, "q", 1, 0));
	check("reconnect", connect(cli, (void *)&s, sizeof s));
	check("shutdown SHUT_WR", shutdown(cli, SHUT_WR));
	check("send after shutdown", send(cli, "z", 1, 0));
	int nb = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int i = 0;
	while (i < 100000 && sendto(nb, "fill", 4, 0, (void *)&s, sizeof s) == 4) i++;
	printf("a full queue: %s, after some: %s\n", errname(errno), i > 0 && i < 100000 ? "yes" : "no");
	return 0;
}
