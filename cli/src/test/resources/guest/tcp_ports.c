/* Binds and connects TCP on 127.0.0.1, one port at a time:
 *
 *   tcp_ports raw|libc (bind|connect PORT)...
 *
 * prints "bind PORT ok" or "bind PORT -ERRNO" (likewise for connect) for
 * each. raw makes the system calls through the init host's own syscall
 * instruction (raw_syscall.h: built static, run with --compat), so only the
 * host kernel, Landlock, decides; libc goes through musl+ and the init
 * host's dispatcher, as any program's calls do. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

static int use_raw;

static long call(long nr, long a1, long a2, long a3)
{
	if (use_raw) return raw(nr, a1, a2, a3, 0, 0);
	long r = nr == SYS_socket ? socket((int)a1, (int)a2, (int)a3)
	       : nr == SYS_bind ? bind((int)a1, (const struct sockaddr *)a2, (socklen_t)a3)
	       : nr == SYS_connect ? connect((int)a1, (const struct sockaddr *)a2, (socklen_t)a3)
	       : close((int)a1);
	return r < 0 ? -errno : r;
}

int main(int argc, char **argv)
{
	if (argc < 2 || (argc - 2) % 2 || (strcmp(argv[1], "raw") && strcmp(argv[1], "libc"))) {
		fputs("usage: tcp_ports raw|libc (bind|connect PORT)...\n", stderr);
		return 2;
	}
	use_raw = !strcmp(argv[1], "raw");
	if (use_raw && !raw_syscall_init()) {
		puts("no gadget");
		return 1;
	}
	for (int i = 2; i < argc; i += 2) {
		int is_bind = !strcmp(argv[i], "bind");
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[i + 1])) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		long s = call(SYS_socket, AF_INET, SOCK_STREAM, 0);
		long r = s < 0 ? s : call(is_bind ? SYS_bind : SYS_connect, s, (long)&a, sizeof a);
		if (r < 0) printf("%s %s %ld\n", argv[i], argv[i + 1], r);
		else printf("%s %s ok\n", argv[i], argv[i + 1]);
		if (s >= 0) call(SYS_close, s, 0, 0);
	}
	return 0;
}
