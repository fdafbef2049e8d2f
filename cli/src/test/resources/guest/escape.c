/* A hostile guest. It makes its system calls through the init host's own
 * syscall instruction (a "syscall; ret" in the init host's code, which
 * Syscall User Dispatch lets through and musl+ never sees), so only the
 * host kernel stands between it and the host:
 *
 *   escape SECRET DIR PID NAME SOCK DGRAM
 *                                tries to read and write SECRET, to create
 *                                a file and a directory in DIR, to kill PID,
 *                                to connect to the abstract socket NAME and
 *                                to the host's socket file SOCK (with a
 *                                stream socket of its own, a seqpacket one,
 *                                and one made through its libc, which the
 *                                Lamina kernel serves), and to send to the
 *                                host's datagram socket DGRAM (from a
 *                                datagram socket of its own, a datagram
 *                                pair's end, and one made through its libc,
 *                                by name and connected), and to open a POSIX
 *                                message queue in the host's namespace
 *                                (itself, and through its libc), and to
 *                                find the host's System V segment of key
 *                                SHM_KEY (itself, and through its libc), and
 *                                to enter a user namespace of its own (last:
 *                                it succeeds with confinement off);
 *                                prints "WHAT ok" or "WHAT -ERRNO" for each
 *   escape listen NAME           (run on the host) serves that socket
 *   escape receive PATH          (run on the host) prints "got" for each
 *                                datagram that reaches PATH
 *   escape shm                   (run on the host) makes a segment of key
 *                                SHM_KEY anyone may use, and prints its id
 *
 * Built static (musl-gcc -static) and run with --compat. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "raw_syscall.h"

#define SHM_KEY 0x4c414d49

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

static int receive_on(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strncpy(a.sun_path, path, sizeof a.sun_path - 1);
	unlink(path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || chmod(path, 0777)) {
		perror("receive");
		return 1;
	}
	puts("listening");
	fflush(stdout);
	char buf[64];
	for (;;) {
		if (recv(s, buf, sizeof buf, 0) >= 0) {
			puts("got");
			fflush(stdout);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "listen")) return listen_on(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "receive")) return receive_on(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "shm")) return printf("%d\n", shmget(SHM_KEY, 4096, IPC_CREAT | 0666)) < 0;
	if (argc != 7) {
		fputs("usage: escape SECRET DIR PID NAME SOCK DGRAM | escape listen NAME | escape receive PATH\n", stderr);
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
	struct sockaddr_un d = {.sun_family = AF_UNIX};
	strncpy(d.sun_path, argv[6], sizeof d.sun_path - 1);
	s = raw(SYS_socket, AF_UNIX, SOCK_DGRAM, 0, 0, 0);
	report("dgram", s < 0 ? s : raw6(SYS_sendto, s, (long)"x", 1, 0, (long)&d, sizeof d));
	int sv[2];
	s = raw(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, (long)sv, 0);
	report("dgram-pair", s < 0 ? s : raw6(SYS_sendto, sv[0], (long)"x", 1, 0, (long)&d, sizeof d));
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	report("dgram-libc-socket", s < 0 ? -errno : raw6(SYS_sendto, s, (long)"x", 1, 0, (long)&d, sizeof d));
	long c = s < 0 ? s : raw(SYS_connect, s, (long)&d, sizeof d, 0, 0);
	report("dgram-libc-connected", c < 0 ? c : raw6(SYS_sendto, s, (long)"x", 1, 0, 0, 0));
	/* A queue in the host's namespace: any process's of the host's, by name. */
	long q = raw(SYS_mq_open, (long)"lamina-escape-queue", O_RDWR | O_CREAT, 0600, 0, 0);
	report("mq-open", q);
	if (q >= 0) raw(SYS_mq_unlink, (long)"lamina-escape-queue", 0, 0, 0, 0);
	q = syscall(SYS_mq_open, "lamina-escape-queue", O_RDWR | O_CREAT, 0600, 0);
	report("mq-open-libc", q < 0 ? -errno : q);
	if (q >= 0) syscall(SYS_mq_unlink, "lamina-escape-queue");
	/* System V IPC: the host's segment by its key. */
	long m = raw(SYS_shmget, SHM_KEY, 0, 0, 0, 0);
	report("shm-get", m);
	m = shmget(SHM_KEY, 0, 0);
	report("shm-get-libc", m < 0 ? -errno : m);
	/* A user namespace of its own on the host: capabilities there, and further namespaces. */
	report("unshare-user-libc", unshare(CLONE_NEWUSER) ? -errno : 0);
	report("unshare-user", raw(SYS_unshare, CLONE_NEWUSER, 0, 0, 0, 0));
	return 0;
}
