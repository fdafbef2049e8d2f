/* A blocking connect to a stream socket whose backlog is full waits for an
 * accept, and a signal the process handles ends the wait: EINTR without
 * SA_RESTART; with it the connect goes on waiting after the handler and
 * succeeds once the listener accepts; with a send timeout set, EINTR even
 * with SA_RESTART (signal(7)). At a path and at an abstract name;
 * while one connect waits at an abstract name, another process binds,
 * connects and accepts at another abstract name. */
#include "../conf.h"
static volatile sig_atomic_t alarms;
static void on(int s)
{
	(void)s;
	alarms++;
}
static socklen_t address(struct sockaddr_un *a, int abstract, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path + abstract, name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract + strlen(name) + !abstract);
}
/* Another abstract name's bind, listen, connect and accept; reports 'y' when
 * they were done before the waiting connect ended (nothing on ended yet). */
static void other_abstract_calls(int report, int ended)
{
	usleep(30000);
	struct sockaddr_un a;
	socklen_t len = address(&a, 1, "connect_full_signal_other");
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	int ok = !bind(l, (struct sockaddr *)&a, len) && !listen(l, 1) && !connect(c, (struct sockaddr *)&a, len)
		&& accept(l, 0, 0) >= 0;
	struct pollfd p = {.fd = ended, .events = POLLIN};
	char r = !ok ? 'f' : poll(&p, 1, 0) == 0 ? 'y' : 'n';
	if (write(report, &r, 1) != 1) _exit(1);
	_exit(0);
}
static void attempt(const char *label, int restart, int abstract, int timeout)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = restart ? SA_RESTART : 0};
	sigaction(SIGALRM, &sa, 0);
	struct sockaddr_un a;
	socklen_t len = address(&a, abstract, "connect_full_signal");
	if (!abstract) unlink(a.sun_path);
	int l = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	must("bind", bind(l, (struct sockaddr *)&a, len));
	must("listen", listen(l, 0));
	int queued = 0, fds[64];
	for (; queued < 64; queued++) {
		fds[queued] = must("socket", socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
		if (connect(fds[queued], (struct sockaddr *)&a, len)) break;
	}
	printf("%s: filled: %s\n", label, queued < 64 && errno == EAGAIN ? "yes" : "no");
	alarms = 0;
	pid_t c = fork();
	if (c == 0) {
		/* the listener takes two, well after the signal (and the other
		 * process's calls) */
		usleep(!restart ? 2500000 : abstract ? 1000000 : 400000);
		accept(l, 0, 0);
		accept(l, 0, 0);
		usleep(200000);
		_exit(0);
	}
	int report[2] = {-1, -1}, ended[2] = {-1, -1};
	pid_t other = -1;
	if (abstract && restart && !timeout) {
		must("pipe", pipe(report));
		must("pipe", pipe(ended));
		if ((other = fork()) == 0) other_abstract_calls(report[1], ended[0]);
		close(report[1]); /* ended[0] kept: the write to it never meets a closed pipe */
	}
	int s = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	struct timeval limit = {.tv_sec = 5};
	if (timeout) must("SO_SNDTIMEO", setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit));
	struct itimerval t = {.it_value = {.tv_usec = 100000}};
	setitimer(ITIMER_REAL, &t, 0);
	check(restart ? "connect, SA_RESTART" : "connect, no SA_RESTART", connect(s, (struct sockaddr *)&a, len));
	printf("%s: handlers run: %d\n", label, (int)alarms);
	if (other > 0) {
		char r = 0;
		if (write(ended[1], "e", 1) != 1 || read(report[0], &r, 1) != 1) r = 0;
		printf("%s: another abstract name meanwhile: %s\n", label,
		       r == 'y' ? "done first" : r == 'n' ? "waited" : "failed");
		waitpid(other, 0, 0);
		close(report[0]);
		close(ended[0]);
		close(ended[1]);
	}
	kill(c, SIGKILL);
	waitpid(c, 0, 0);
	close(s);
	for (int i = 0; i <= queued && i < 64; i++) close(fds[i]);
	close(l);
	if (!abstract) unlink(a.sun_path);
}
int main(void)
{
	attempt("path, SA_RESTART", 1, 0, 0);
	attempt("path, no SA_RESTART", 0, 0, 0);
	attempt("path, SA_RESTART, send timeout", 1, 0, 1);
	attempt("abstract, SA_RESTART", 1, 1, 0);
	attempt("abstract, no SA_RESTART", 0, 1, 0);
	attempt("abstract, SA_RESTART, send timeout", 1, 1, 1);
	return 0;
}
