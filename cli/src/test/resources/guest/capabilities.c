/* A hostile guest asks for the capabilities its init host has: when lamina
 * runs as root, all of them would reach the whole host (there is no
 * namespace). Each probe is harmless and shows whether a capability check
 * passed: only CAP_NET_BIND_SERVICE may be left.
 *
 *   capabilities
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(void)
{
	if (!raw_syscall_init()) return 1;
	struct { unsigned version; int pid; } h = { 0x20080522, 0 };
	struct { unsigned effective, permitted, inheritable; } d[2];
	long r = raw(SYS_capget, (long)&h, (long)d, 0, 0, 0);
	printf("capget %ld: effective %08x%08x\n", r, d[1].effective, d[0].effective);
	printf("host uid %ld\n", raw(SYS_getuid, 0, 0, 0, 0, 0));
	/* CAP_NET_RAW: a packet socket sees every frame on the host's interfaces */
	printf("socket(AF_PACKET, SOCK_RAW): %ld\n", raw(SYS_socket, AF_PACKET, SOCK_RAW, 0x0300, 0, 0));
	/* CAP_SYS_MODULE: -ENOEXEC (not -EPERM) means a real module would load */
	static char junk[64];
	printf("init_module(junk): %ld\n", raw(SYS_init_module, (long)junk, sizeof junk, (long)"", 0, 0));
	/* CAP_SYS_ADMIN: sethostname with the current name (changes nothing) */
	char name[65] = {0};
	gethostname(name, sizeof name); /* routed: the container's name */
	struct { char s[6][65]; } u;
	raw(SYS_uname, (long)&u, 0, 0, 0, 0);
	printf("host name %s; sethostname(same): %ld\n", u.s[1], raw(SYS_sethostname, (long)u.s[1], strlen(u.s[1]), 0, 0, 0));
	/* CAP_SYS_RAWIO: iopl(0) is a no-op */
	printf("iopl(0): %ld\n", raw(SYS_iopl, 0, 0, 0, 0, 0));
	return 0;
}
