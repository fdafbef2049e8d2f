/* A guest that talks to a Docker engine's socket:
 *
 *   engine_ping PATH        connects to PATH through musl+ (the Lamina kernel
 *                           resolves PATH in the container)
 *   engine_ping PATH raw    connects through the init host's own syscall
 *                           instruction, past musl+ and the kernel: PATH is
 *                           then the host's path
 *
 * then asks GET /_ping and prints the answer's first line, or "closed" when
 * the engine ends the connection without one, or "connect -ERRNO".
 * Built static (musl-gcc -static) and run with lamina=compat. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	int viaHost = argc == 3 && !strcmp(argv[2], "raw");
	if (argc < 2 || (argc == 3 && !viaHost) || argc > 3) {
		fputs("usage: engine_ping PATH [raw]\n", stderr);
		return 2;
	}
	if (viaHost && !raw_syscall_init()) {
		puts("no gadget");
		return 1;
	}
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strncpy(a.sun_path, argv[1], sizeof a.sun_path - 1);
	long s = viaHost ? raw(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0) : socket(AF_UNIX, SOCK_STREAM, 0);
	long r = s < 0 ? s : viaHost ? raw(SYS_connect, s, (long)&a, sizeof a, 0, 0) : connect(s, (struct sockaddr *)&a, sizeof a);
	if (r < 0) {
		printf("connect %ld\n", viaHost ? r : -1L);
		return 1;
	}
	static const char ask[] = "GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	/* MSG_NOSIGNAL: an engine that refused the connection may have closed it already (EPIPE, not SIGPIPE). */
	long sent = viaHost ? raw(SYS_sendto, s, (long)ask, sizeof ask - 1, MSG_NOSIGNAL, 0)
	                    : send(s, ask, sizeof ask - 1, MSG_NOSIGNAL);
	if (sent < 0) {
		puts("closed");
		return 0;
	}
	char line[256];
	size_t n = 0;
	while (n < sizeof line - 1) {
		ssize_t got = read(s, line + n, 1);
		if (got <= 0 || line[n] == '\r') break;
		n++;
	}
	line[n] = 0;
	puts(n ? line : "closed");
	return 0;
}
