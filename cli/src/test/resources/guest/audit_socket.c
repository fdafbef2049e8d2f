/* The host's audit system is not the container's: a NETLINK_AUDIT socket is refused as by a kernel
 * without audit (EPROTONOSUPPORT), which libaudit's users (sudo, su, login) take quietly, where a
 * socket to the host's refused each message with a warning on every sudo. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define NETLINK_ROUTE 0 /* linux/netlink.h, which musl-gcc lacks */
#define NETLINK_AUDIT 9

int main(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	printf("audit socket: %s\n", fd >= 0 ? "made" : errno == EPROTONOSUPPORT ? "EPROTONOSUPPORT" : strerror(errno));
	int route = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	printf("route socket: %s\n", route >= 0 ? "made" : strerror(errno));
	return 0;
}
