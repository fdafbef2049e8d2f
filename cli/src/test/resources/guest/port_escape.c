/* A hostile guest with a port plan: it tries to take host port PORT (one
 * its plan does not give it) through the init host's own syscall
 * instruction, past musl+ and the dispatcher (see raw_syscall.h): a TCP
 * and a UDP bind, a listen whose implicit bind would take a port on every
 * interface, and IP_LOCAL_PORT_RANGE, which would make an ephemeral port a
 * chosen one; and a routing socket (NETLINK_ROUTE) of the host's, whose
 * answers are the host's interfaces, not the container's. Prints "WHAT ok" or "WHAT -ERRNO" for each, then binds TCP
 * PORT with libc, as an honest static program would (served through the
 * dispatcher in --compat mode), and prints where getsockname says it is.
 *
 *   port_escape PORT
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

#define NETLINK_ROUTE_ 0 /* linux/netlink.h's (musl-gcc has no kernel headers) */
#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE 51
#endif

static void report(const char *what, long r)
{
	if (r < 0) printf("%s %ld\n", what, r);
	else printf("%s ok\n", what);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: port_escape PORT\n", stderr);
		return 2;
	}
	if (!raw_syscall_init()) {
		puts("no gadget");
		return 1;
	}
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	long tcp = raw(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0);
	report("bind tcp", raw(SYS_bind, tcp, (long)&a, sizeof a, 0, 0));
	long udp = raw(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0);
	report("bind udp", raw(SYS_bind, udp, (long)&a, sizeof a, 0, 0));
	long unbound = raw(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0);
	report("listen", raw(SYS_listen, unbound, 8, 0, 0, 0));
	unsigned range = (unsigned)atoi(argv[1]) | (unsigned)atoi(argv[1]) << 16;
	report("port range", raw(SYS_setsockopt, raw(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0), IPPROTO_IP,
	                         IP_LOCAL_PORT_RANGE, (long)&range, sizeof range));

	report("routing socket", raw(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE_, 0, 0));

	raw(SYS_close, tcp, 0, 0, 0, 0); /* on the host's network it holds PORT */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in at;
	socklen_t len = sizeof at;
	if (bind(s, (struct sockaddr *)&a, sizeof a) || getsockname(s, (struct sockaddr *)&at, &len)) {
		perror("libc bind");
		return 1;
	}
	printf("libc bind %s:%d\n", inet_ntoa(at.sin_addr), ntohs(at.sin_port));
	return 0;
}
