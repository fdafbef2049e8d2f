/* A blocking send to a datagram socket whose queue is full waits for room,
 * and a signal the process handles ends the wait: EINTR without SA_RESTART;
 * with it the send goes on waiting after the handler and succeeds once the
 * receiver reads. At abstract names and at a path. */
#include "../conf.h"
static volatile sig_atomic_t alarms;
static void on(int s)
{
	(void)s;
	alarms++;
}
static void attempt(const char *label, const struct sockaddr_un *a, socklen_t len, int restart)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = restart ? SA_RESTART : 0};
	sigaction(SIGALRM, &sa, 0);
	int r = must("socket", socket(AF_UNIX, SOCK_DGRAM, 0));
	must("bind", bind(r, (const struct sockaddr *)a, len));
	int s = must("socket", socket(AF_UNIX, SOCK_DGRAM, 0));
	must("connect", connect(s, (const struct sockaddr *)a, len));
	int queued = 0;
	while (queued < 100000 && send(s, "x", 1, MSG_DONTWAIT) == 1) queued++;
	printf("%s: filled: %s\n", label, queued > 0 && queued < 100000 && errno == EAGAIN ? "yes" : "no");
	alarms = 0;
	pid_t c = fork();
	if (c == 0) {
		/* the receiver reads one, well after the signal */
		usleep(restart ? 400000 : 1500000);
		char b;
		recv(r, &b, 1, MSG_DONTWAIT);
		_exit(0);
	}
	struct itimerval t = {.it_value = {.tv_usec = 100000}};
	setitimer(ITIMER_REAL, &t, 0);
	long n = send(s, "y", 1, 0);
	int e = errno;
	printf("%s: send %s\n", label, n == 1 ? "ok" : errname(e));
	printf("%s: handlers run: %d\n", label, (int)alarms);
	kill(c, SIGKILL);
	waitpid(c, 0, 0);
	close(s);
	close(r);
}
int main(void)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	memcpy(a.sun_path, "\0dgram_full_signal", 18);
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 18;
	attempt("abstract, SA_RESTART", &a, alen, 1);
	attempt("abstract, no SA_RESTART", &a, alen, 0);
	struct sockaddr_un p = {.sun_family = AF_UNIX, .sun_path = "dgram_full_signal"};
	socklen_t plen = sizeof p;
	for (int restart = 1; restart >= 0; restart--) {
		unlink(p.sun_path);
		attempt(restart ? "path, SA_RESTART" : "path, no SA_RESTART", &p, plen, restart);
	}
	unlink(p.sun_path);
	return 0;
}
