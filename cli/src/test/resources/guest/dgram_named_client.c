/* A container's datagram client and server for HostileGuestTest's sender-name
 * forger: the client, bound at /tmp/cli.sock, sends to SPY (a host process's
 * socket, which learns the name the kernel sends from); the server, at the
 * abstract name "fsrv", then prints the sender of every datagram it gets in
 * the next seconds, as the container sees it.
 *
 *   dgram_named_client SPY */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	struct sockaddr_un srv = { .sun_family = AF_UNIX }, cli = { .sun_family = AF_UNIX, .sun_path = "/tmp/cli.sock" };
	struct sockaddr_un spy = { .sun_family = AF_UNIX };
	memcpy(srv.sun_path, "\0fsrv", 5);
	strncpy(spy.sun_path, argv[1], sizeof spy.sun_path - 1);
	unlink(cli.sun_path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct timeval wait = { 8, 0 };
	if (bind(s, (struct sockaddr *)&srv, offsetof(struct sockaddr_un, sun_path) + 5) || bind(c, (struct sockaddr *)&cli, sizeof cli)
	    || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait)) {
		perror("set up");
		return 1;
	}
	if (sendto(c, "hello", 5, 0, (struct sockaddr *)&spy, sizeof spy) != 5) {
		perror("send to the spy");
		return 1;
	}
	for (;;) {
		char buf[32] = { 0 };
		struct sockaddr_un from;
		socklen_t len = sizeof from;
		memset(&from, 0, sizeof from);
		if (recvfrom(s, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len) < 0) break;
		printf("'%s' from %s\n", buf, len <= offsetof(struct sockaddr_un, sun_path) ? "(unnamed)"
		       : from.sun_path[0] ? from.sun_path : "(abstract)");
		fflush(stdout);
	}
	return 0;
}
