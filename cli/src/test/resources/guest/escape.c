/* A hostile guest. It makes its system calls through the init host's own
 * syscall instruction (a "syscall; ret" in the init host's code, which
 * Syscall User Dispatch lets through and musl+ never sees), so only the
 * host kernel stands between it and the host:
 *
 *   escape SECRET DIR PID NAME SOCK
 *                                tries to read and write SECRET, to create
 *                                a file and a directory in DIR, to kill PID,
 *                                to connect to the abstract socket NAME and
 *                                to the host's socket file SOCK (with a
 *                                stream socket of its own, a seqpacket one,
 *                                and one made through its libc, which the
 *                                Lamina kernel serves);
 *                                prints "WHAT ok" or "WHAT -ERRNO" for each
 *   escape listen NAME           (run on the host) serves that socket
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "raw_syscall.h"

static void report(const char *what, long r)
{
	if (r < 0) printf("%s %ld\n", what, r);
	else printf("%s ok\n", what);
}

static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(name);
	memcpy(a->sun_path + 1, name, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int listen_on(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = abstract(&a, name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, len) || listen(s, 8)) {
		perror("listen");
		return 1;
	}
	puts("listening");
	fflush(stdout);
	for (;;) {
		int c = accept(s, 0, 0);
		if (c >= 0) close(c);
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "listen")) return listen_on(argv[2]);
	if (argc != 6) {
		fputs("usage: escape SECRET DIR PID NAME SOCK | escape listen NAME\n", stderr);
		return 2;
	}
	if (!raw_syscall_init()) {
		puts("no gadget");
		return 1;
	}
	char buf[4096];
	long fd = raw(SYS_openat, AT_FDCWD, (long)argv[1], O_RDONLY, 0, 0);
	if (fd >= 0) fd = raw(SYS_read, fd, (long)buf, sizeof buf, 0, 0);
	report("read", fd);
	report("write", raw(SYS_openat, AT_FDCWD, (long)argv[1], O_WRONLY, 0, 0));
	snprintf(buf, sizeof buf, "%s/created", argv[2]);
	report("create", raw(SYS_openat, AT_FDCWD, (long)buf, O_WRONLY | O_CREAT | O_EXCL, 0644, 0));
	snprintf(buf, sizeof buf, "%s/made", argv[2]);
	report("mkdir", raw(SYS_mkdirat, AT_FDCWD, (long)buf, 0755, 0, 0));
	report("kill", raw(SYS_kill, atoi(argv[3]), SIGKILL, 0, 0, 0));
	struct sockaddr_un a;
	socklen_t len = abstract(&a, argv[4]);
	long s = raw(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	report("connect", s < 0 ? s : raw(SYS_connect, s, (long)&a, len, 0, 0));
	struct sockaddr_un p = {.sun_family = AF_UNIX};
	strncpy(p.sun_path, argv[5], sizeof p.sun_path - 1);
	s = raw(SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0);
	report("connect-path", s < 0 ? s : raw(SYS_connect, s, (long)&p, sizeof p, 0, 0));
	s = raw(SYS_socket, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, 0, 0);
	report("connect-seqpacket", s < 0 ? s : raw(SYS_connect, s, (long)&p, sizeof p, 0, 0));
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	report("connect-libc-socket", s < 0 ? -errno : raw(SYS_connect, s, (long)&p, sizeof p, 0, 0));
	return 0;
}
