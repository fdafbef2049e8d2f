/* Repeated TCP connects to another container, as tcp_connect.c serves them
 * from kept routes and client sockets after the first.
 *   kept_routes server PORT        answers each connection with the peer it
 *                                  sees (accept's address); asked "r", after
 *                                  binding its listener anew (a new host port
 *                                  behind the same guest port)
 *   kept_routes client HOST PORT N N connects, one line each: the local and
 *                                  peer addresses, the options and flags set
 *                                  before the connect as they are after,
 *                                  whether the socket is another after it
 *                                  (swapped for a client socket) and the
 *                                  server's answer; the server is asked to
 *                                  bind anew halfway; then a fork's child's
 *                                  connects, a dup's and one already in epoll */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *text(const struct sockaddr_in *a)
{
	static char b[4][32];
	static int i;
	i = (i + 1) % 4;
	snprintf(b[i], sizeof b[i], "%s:%d", inet_ntoa(a->sin_addr), ntohs(a->sin_port));
	return b[i];
}

static int listener(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
		perror("kept_routes: listen");
		exit(1);
	}
	return s;
}

static _Noreturn void serve(int port)
{
	int l = listener(port);
	for (;;) {
		struct sockaddr_in peer;
		socklen_t n = sizeof peer;
		int c = accept(l, (struct sockaddr *)&peer, &n);
		if (c < 0) continue;
		char buf[16];
		if (read(c, buf, sizeof buf) <= 0) {
			close(c);
			continue;
		}
		/* anew before answering: the client's next connect finds the new one */
		if (buf[0] == 'r') {
			close(l);
			l = listener(port);
		}
		char out[64];
		int len = snprintf(out, sizeof out, "%s\n", text(&peer));
		write(c, out, (size_t)len);
		close(c);
	}
}

/* One exchange on a connected socket (ask: "x", or "r" to bind anew): the server's answer, its newline dropped. */
static void exchange(int s, const char *ask, char *answer, size_t cap)
{
	struct pollfd p = { s, POLLOUT, 0 };
	poll(&p, 1, 5000);
	write(s, ask, 1);
	p.events = POLLIN;
	poll(&p, 1, 5000);
	ssize_t n = read(s, answer, cap - 1);
	answer[n > 0 ? n : 0] = 0;
	char *nl = strchr(answer, '\n');
	if (nl) *nl = 0;
}

static int connect_to(int s, const struct sockaddr_in *to)
{
	int e = connect(s, (const struct sockaddr *)to, sizeof *to) ? errno : 0;
	if (e == EINPROGRESS) {
		struct pollfd p = { s, POLLOUT, 0 };
		poll(&p, 1, 5000);
		socklen_t l = sizeof e;
		getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
	}
	return e;
}

static void names(int s, struct sockaddr_in *local, struct sockaddr_in *peer)
{
	socklen_t n = sizeof *local, m = sizeof *peer;
	memset(local, 0, sizeof *local);
	memset(peer, 0, sizeof *peer);
	getsockname(s, (struct sockaddr *)local, &n);
	getpeername(s, (struct sockaddr *)peer, &m);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server")) serve(atoi(argv[2]));
	if (argc != 5 || strcmp(argv[1], "client")) {
		fprintf(stderr, "usage: kept_routes server PORT | client HOST PORT N\n");
		return 2;
	}
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *r;
	if (getaddrinfo(argv[2], argv[3], &hints, &r)) {
		fprintf(stderr, "kept_routes: cannot resolve %s\n", argv[2]);
		return 1;
	}
	struct sockaddr_in to;
	memcpy(&to, r->ai_addr, sizeof to);
	int n = atoi(argv[4]);
	for (int i = 0; i < n; i++) {
		/* every other one non-blocking and close-on-exec from socket() */
		int odd = i % 2, s = socket(AF_INET, SOCK_STREAM | (odd ? SOCK_NONBLOCK | SOCK_CLOEXEC : 0), 0);
		int one = 1, rcvbuf = 65536 + 4096 * i, got = 0, gotbuf = 0;
		socklen_t l = sizeof got;
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
		struct stat before, after;
		fstat(s, &before);
		int e = connect_to(s, &to);
		fstat(s, &after);
		if (e) {
			printf("%d: %s\n", i, strerror(e));
			close(s);
			continue;
		}
		struct sockaddr_in local, peer;
		names(s, &local, &peer);
		getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &got, &l);
		l = sizeof gotbuf;
		getsockopt(s, SOL_SOCKET, SO_RCVBUF, &gotbuf, &l);
		char answer[64];
		exchange(s, i == n / 2 ? "r" : "x", answer, sizeof answer);
		printf("%d: local %s peer %s nodelay %d rcvbuf %s nonblock %d cloexec %d %s server %s\n", i, text(&local),
		       text(&peer), got, gotbuf == 2 * rcvbuf ? "kept" : "lost", (fcntl(s, F_GETFL) & O_NONBLOCK) != 0,
		       (fcntl(s, F_GETFD) & FD_CLOEXEC) != 0, before.st_ino == after.st_ino ? "same" : "swapped", answer);
		close(s);
	}
	fflush(stdout);
	/* a fork's child connects too (the parent's client sockets are not its own) */
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0; i < 3; i++) {
			int s = socket(AF_INET, SOCK_STREAM, 0), e = connect_to(s, &to);
			char answer[64] = "";
			struct sockaddr_in local, peer;
			if (!e) exchange(s, "x", answer, sizeof answer);
			names(s, &local, &peer);
			printf("child %d: %s local %s server %s\n", i, e ? strerror(e) : "ok", text(&local), answer);
			close(s);
		}
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, 0, 0);
	/* a socket with a copy: the connect is the copy's too */
	int s = socket(AF_INET, SOCK_STREAM, 0), copy = dup(s);
	int e = connect_to(s, &to);
	struct sockaddr_in local, peer;
	names(copy, &local, &peer);
	char answer[64] = "";
	if (!e) exchange(copy, "x", answer, sizeof answer);
	printf("dup: %s copy's peer %s server %s\n", e ? strerror(e) : "ok", text(&peer), answer);
	close(s);
	close(copy);
	/* a socket in an epoll set before its connect: the set sees the connected socket */
	int ep = epoll_create1(0);
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct epoll_event ev = { .events = EPOLLOUT, .data.fd = s };
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	e = connect_to(s, &to);
	int ready = epoll_wait(ep, &ev, 1, 5000);
	answer[0] = 0;
	if (!e) exchange(s, "x", answer, sizeof answer);
	printf("epoll: %s ready %d server %s\n", e ? strerror(e) : "ok", ready, answer);
	return 0;
}
