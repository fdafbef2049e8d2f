/* A blocking connect to a stream socket whose backlog is full waits for an
 * accept, and a signal the process handles ends the wait: EINTR without
 * SA_RESTART; with it the connect goes on waiting after the handler and
 * succeeds once the listener accepts. At a path. */
#include "../conf.h"
static volatile sig_atomic_t alarms;
static void on(int s)
{
	(void)s;
	alarms++;
}
static void attempt(const char *label, int restart)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = restart ? SA_RESTART : 0};
	sigaction(SIGALRM, &sa, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "connect_full_signal"};
	unlink(a.sun_path);
	int l = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	must("bind", bind(l, (struct sockaddr *)&a, sizeof a));
	must("listen", listen(l, 0));
	int queued = 0, fds[64];
	for (; queued < 64; queued++) {
		fds[queued] = must("socket", socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
		if (connect(fds[queued], (struct sockaddr *)&a, sizeof a)) break;
	}
	printf("%s: filled: %s\n", label, queued < 64 && errno == EAGAIN ? "yes" : "no");
	alarms = 0;
	pid_t c = fork();
	if (c == 0) {
		/* the listener takes two, well after the signal */
		usleep(restart ? 400000 : 1500000);
		accept(l, 0, 0);
		accept(l, 0, 0);
		usleep(200000);
		_exit(0);
	}
	int s = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	struct itimerval t = {.it_value = {.tv_usec = 100000}};
	setitimer(ITIMER_REAL, &t, 0);
	check(restart ? "connect, SA_RESTART" : "connect, no SA_RESTART", connect(s, (struct sockaddr *)&a, sizeof a));
	printf("%s: handlers run: %d\n", label, (int)alarms);
	kill(c, SIGKILL);
	waitpid(c, 0, 0);
	close(s);
	for (int i = 0; i <= queued && i < 64; i++) close(fds[i]);
	close(l);
	unlink(a.sun_path);
}
int main(void)
{
	attempt("SA_RESTART", 1);
	attempt("no SA_RESTART", 0);
	return 0;
}
