/* A guest's view of its own ports: binds TCP and UDP, IPv4 and IPv6, port 0
 * and an implicit listen, connects to itself on loopback, and prints what
 * getsockname, getpeername and the data say (ports the host picks print as
 * "any"). Then, with its sockets still open, runs COMMAND with sh -c (to
 * read /proc/net, say).
 *
 *   ports COMMAND */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, const struct sockaddr *a, int any_port)
{
	char text[INET6_ADDRSTRLEN];
	int port;
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)a;
		inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
		port = ntohs(in->sin_port);
		if (any_port && port) printf("%s %s:any\n", what, text);
		else printf("%s %s:%d\n", what, text, port);
	} else {
		const struct sockaddr_in6 *in6 = (const void *)a;
		inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
		port = ntohs(in6->sin6_port);
		if (any_port && port) printf("%s [%s]:any\n", what, text);
		else printf("%s [%s]:%d\n", what, text, port);
	}
}

static void name(const char *what, int fd, int peer, int any_port)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof a;
	if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&a, &len)) {
		perror(what);
		exit(1);
	}
	show(what, (struct sockaddr *)&a, any_port);
}

static struct sockaddr_in v4(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int bound(int family, int type, const void *a, socklen_t len, const char *what)
{
	int s = socket(family, type, 0);
	if (s < 0 || bind(s, a, len)) {
		perror(what);
		exit(1);
	}
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: ports COMMAND\n", stderr);
		return 2;
	}
	struct sockaddr_in any80 = v4("0.0.0.0", 80);
	int web = bound(AF_INET, SOCK_STREAM, &any80, sizeof any80, "bind 80");
	if (listen(web, 8)) { perror("listen 80"); return 1; }
	name("tcp", web, 0, 0);

	struct sockaddr_in6 any8080 = { .sin6_family = AF_INET6, .sin6_port = htons(8080), .sin6_addr = IN6ADDR_ANY_INIT };
	int six = bound(AF_INET6, SOCK_STREAM, &any8080, sizeof any8080, "bind [::]:8080");
	if (listen(six, 8)) { perror("listen 8080"); return 1; }
	name("tcp6", six, 0, 0);

	struct sockaddr_in any53 = v4("0.0.0.0", 53);
	int dns = bound(AF_INET, SOCK_DGRAM, &any53, sizeof any53, "bind udp 53");
	name("udp", dns, 0, 0);

	struct sockaddr_in any0 = v4("0.0.0.0", 0);
	int eph = bound(AF_INET, SOCK_STREAM, &any0, sizeof any0, "bind 0");
	name("port 0", eph, 0, 1);
	if (listen(eph, 1)) { perror("listen 0"); return 1; }

	int implicit = socket(AF_INET, SOCK_STREAM, 0);
	if (listen(implicit, 1)) { perror("implicit listen"); return 1; }
	name("implicit", implicit, 0, 1);

	/* The container talks to itself on localhost: its port 80, its [::]:8080 over IPv4, its UDP 53. */
	int client = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in lo80 = v4("127.0.0.1", 80);
	if (connect(client, (struct sockaddr *)&lo80, sizeof lo80)) { perror("connect 80"); return 1; }
	name("peer", client, 1, 0);
	int conn = accept(web, 0, 0);
	name("accepted", conn, 0, 0);
	write(client, "ping", 4);
	char buf[16] = { 0 };
	read(conn, buf, sizeof buf - 1);
	printf("server got %s\n", buf);

	int client6 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in lo8080 = v4("127.0.0.1", 8080);
	if (connect(client6, (struct sockaddr *)&lo8080, sizeof lo8080)) { perror("connect 8080"); return 1; }
	name("peer6", client6, 1, 0);

	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in lo53 = v4("127.0.0.1", 53);
	sendto(tx, "hello", 5, 0, (struct sockaddr *)&lo53, sizeof lo53);
	memset(buf, 0, sizeof buf);
	recv(dns, buf, sizeof buf - 1, 0);
	printf("udp got %s\n", buf);
	fflush(stdout);

	int status = system(argv[1]);
	printf("status %d\n", status);
	return 0;
}
