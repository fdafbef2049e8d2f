/* A server binding its IPv4 and its IPv6-only sockets at the same port (dnsmasq's
 * and rsyslog's way), in a container that publishes that port on an IPv4 host
 * address (PortsTest): both binds succeed, as in Docker's network namespace.
 *
 *   v6only_published PORT */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 53;
	for (int type = SOCK_DGRAM; type >= SOCK_STREAM; type--) {
		const char *name = type == SOCK_DGRAM ? "udp" : "tcp";
		int v4 = socket(AF_INET, type, 0), v6 = socket(AF_INET6, type, 0), one = 1;
		struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(port) };
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT };
		setsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		printf("%s 0.0.0.0: %s\n", name, bind(v4, (struct sockaddr *)&a4, sizeof a4) ? "refused" : "bound");
		printf("%s [::] v6only: %s\n", name, bind(v6, (struct sockaddr *)&a6, sizeof a6) ? "refused" : "bound");
	}
	return 0;
}
