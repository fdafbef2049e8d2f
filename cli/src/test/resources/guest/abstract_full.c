/* A blocking connect to a host's abstract socket whose backlog is full, for
 * HostileGuestTest: the connect waits for room, and Linux checks Landlock's
 * scope only then.
 *
 *   abstract_full listen NAME    (run on the host) fills the backlog of the
 *                                abstract socket NAME with connections of its
 *                                own and prints "full"; on a line on stdin it
 *                                accepts whatever comes for 2 s and prints how
 *                                many connections were not its own
 *   abstract_full connect NAME   prints "connecting", then what a blocking
 *                                connect to NAME gave ("ok", or its error),
 *                                ended by an alarm after 10 s */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void on(int s)
{
	(void)s;
}

static int listen_full(struct sockaddr_un *a, socklen_t len)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)a, len) || listen(l, 0)) {
		perror("listen");
		return 1;
	}
	int own = 0;
	for (; own < 64; own++) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (c < 0 || connect(c, (struct sockaddr *)a, len)) break;
	}
	if (own == 64 || errno != EAGAIN) {
		perror("fill");
		return 1;
	}
	puts("full");
	fflush(stdout);
	char line[8];
	if (!fgets(line, sizeof line, stdin)) return 1;
	int accepted = 0;
	struct pollfd p = {.fd = l, .events = POLLIN};
	while (poll(&p, 1, 2000) == 1)
		if (accept(l, 0, 0) >= 0) accepted++;
	printf("accepted from others: %d\n", accepted - own);
	return 0;
}

static int connect_waiting(struct sockaddr_un *a, socklen_t len)
{
	struct sigaction sa = {.sa_handler = on};
	sigaction(SIGALRM, &sa, 0);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	puts("connecting");
	fflush(stdout);
	alarm(10);
	if (connect(s, (struct sockaddr *)a, len))
		printf("connect: %s\n", strerror(errno));
	else
		puts("connect: ok");
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	size_t n = argc == 3 ? strlen(argv[2]) : sizeof a.sun_path;
	if (n + 2 > sizeof a.sun_path) {
		fputs("usage: abstract_full listen|connect NAME\n", stderr);
		return 2;
	}
	memcpy(a.sun_path + 1, argv[2], n);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	return strcmp(argv[1], "listen") ? connect_waiting(&a, len) : listen_full(&a, len);
}
