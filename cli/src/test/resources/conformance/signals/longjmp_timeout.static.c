/* A static program (its calls trap: compat mode) that times out a blocked
 * read with SIGALRM and siglongjmp out of the handler, five times: each
 * read is left for good, and the calls after it get their own results. */
#include <setjmp.h>
#include "../conf.h"
static sigjmp_buf back;
static void on_alarm(int sig) { (void)sig; siglongjmp(back, 1); }
int main(void)
{
	int p[2];
	must("pipe", pipe(p));
	struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
	sigaction(SIGALRM, &sa, NULL);
	int timeouts = 0;
	for (int i = 0; i < 5; i++) {
		if (sigsetjmp(back, 1) == 0) {
			struct itimerval it = {{0, 0}, {0, 20000}};
			setitimer(ITIMER_REAL, &it, NULL);
			char c;
			read(p[0], &c, 1);
		} else {
			timeouts++;
		}
	}
	value("timeouts", timeouts);
	value("write", write(p[1], "ab", 2));
	char b[2];
	value("read", read(p[0], b, 2));
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	yes("SIGALRM blocked after", sigismember(&now, SIGALRM));
	return 0;
}
