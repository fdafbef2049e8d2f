/* The ICMP sockets ping opens: a raw one needs CAP_NET_RAW in effect (EPERM
 * without, as on Linux: a user other than root, or root after --cap-drop
 * NET_RAW), a datagram one none (Docker opens ping_group_range to all).
 *
 *   icmp_sockets    prints "raw: ok" or its error, then the same for "dgram" */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void probe(const char *what, int type)
{
	int fd = socket(AF_INET, type, IPPROTO_ICMP);
	if (fd < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return;
	}
	printf("%s: ok\n", what);
	close(fd);
}

int main(void)
{
	probe("raw", SOCK_RAW);
	probe("dgram", SOCK_DGRAM);
	return 0;
}
