/* AF_UNIX stream and seqpacket sockets as programs use them, which Lamina
 * makes in the kernel from a placeholder (lkl-linux/src/unix_socket.c): a
 * socket's options, O_NONBLOCK and close-on-exec set before it connects,
 * connecting twice, abstract names, listening unbound, a host's abstract
 * socket (none by that name: ECONNREFUSED), and an unnamed address. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static void say(const char *what, int r)
{
	if (r < 0) printf("%s: %s\n", what, strerror(errno));
	else printf("%s: ok\n", what);
}

static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = (size_t)snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "lamina-test-%s-%d", name, (int)getpid());
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

int main(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "/tmp/unix_stream.sock");
	unlink(a.sun_path);
	int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	say("bind", bind(srv, (void *)&a, sizeof a));
	say("listen", listen(srv, 5));
	printf("listener close-on-exec: %d\n", !!(fcntl(srv, F_GETFD) & FD_CLOEXEC));
	int type = 0;
	socklen_t len = sizeof type;
	getsockopt(srv, SOL_SOCKET, SO_TYPE, &type, &len);
	printf("listener type stream: %d\n", type == SOCK_STREAM);

	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	struct timeval tv = { 3, 0 }, got = { 0, 0 };
	int on = 1, pass = 0;
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(c, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	say("connect", connect(c, (void *)&a, sizeof a));
	errno = 0;
	say("connect again", connect(c, (void *)&a, sizeof a));
	len = sizeof got;
	getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &got, &len);
	len = sizeof pass;
	getsockopt(c, SOL_SOCKET, SO_PASSCRED, &pass, &len);
	printf("options kept: timeout %ld, passcred %d\n", (long)got.tv_sec, pass);
	printf("client close-on-exec: %d\n", !!(fcntl(c, F_GETFD) & FD_CLOEXEC));
	int s = accept(srv, 0, 0);
	char buf[3] = { 0 };
	if (write(c, "hi", 2) != 2 || read(s, buf, 2) != 2) perror("transfer");
	printf("got %s\n", buf);
	struct ucred cred;
	len = sizeof cred;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len);
	printf("peer uid %d, pid mine %d\n", (int)cred.uid, cred.pid == getpid());

	struct sockaddr_un ab;
	socklen_t ablen = abstract(&ab, "abstract");
	int as = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	say("abstract bind", bind(as, (void *)&ab, ablen));
	say("abstract listen", listen(as, 3));
	int ac = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
	say("abstract connect", connect(ac, (void *)&ab, ablen));
	printf("non-blocking kept: %d\n", !!(fcntl(ac, F_GETFL) & O_NONBLOCK));
	int as2 = accept(as, 0, 0);
	if (send(ac, "seq", 3, 0) != 3 || recv(as2, buf, sizeof buf, 0) != 3) perror("seqpacket");
	printf("seqpacket got %.3s\n", buf);
	struct sockaddr_un name;
	socklen_t nlen = sizeof name;
	getsockname(as, (void *)&name, &nlen);
	printf("abstract name kept: %d\n", nlen == ablen && !memcmp(name.sun_path, ab.sun_path, ablen - 2));

	int auto_bound = socket(AF_UNIX, SOCK_STREAM, 0);
	say("bind unnamed (autobind)", bind(auto_bound, (void *)&a, sizeof(sa_family_t)));
	nlen = sizeof name;
	getsockname(auto_bound, (void *)&name, &nlen);
	printf("autobind name: %d bytes, abstract %d\n", (int)nlen, name.sun_path[0] == 0);
	say("listen unbound", listen(socket(AF_UNIX, SOCK_STREAM, 0), 1));

	struct sockaddr_un none;
	socklen_t nonelen = abstract(&none, "nobody-listens");
	say("connect to no one", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&none, nonelen));
	say("connect unnamed", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&a, sizeof(sa_family_t)));
	say("connect to a file", connect(socket(AF_UNIX, SOCK_STREAM, 0),
	                                 (void *)&(struct sockaddr_un){ AF_UNIX, "/etc/passwd" }, sizeof a));
	say("connect to nothing", connect(socket(AF_UNIX, SOCK_STREAM, 0),
	                                  (void *)&(struct sockaddr_un){ AF_UNIX, "/tmp/none.sock" }, sizeof a));
	unlink(a.sun_path);
	return 0;
}
