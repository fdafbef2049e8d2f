/* sigsuspend waits with a temporary mask and returns EINTR after the handler. */
#include "../conf.h"
static volatile int got;
static void on(int s) { got = s; }
int main(void)
{
	signal(SIGUSR2, on);
	sigset_t set, empty;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (fork() == 0) {
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	sigemptyset(&empty);
	check("sigsuspend", sigsuspend(&empty));
	value("got", got);
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	yes("mask restored", sigismember(&cur, SIGUSR2));
	wait(NULL);
	return 0;
}
