/* A blocked signal is pending until unblocked, then delivered once. */
#include "../conf.h"
static volatile int count;
static void on(int s) { (void)s; count++; }
int main(void)
{
	signal(SIGUSR1, on);
	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1);
	raise(SIGUSR1);
	value("delivered while blocked", count);
	sigpending(&pend);
	yes("pending", sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_SETMASK, &old, NULL);
	value("delivered after unblock", count);
	sigset_t cur;
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	yes("SIGKILL blockable", sigismember(&cur, SIGKILL));
	check("sigaction SIGKILL", sigaction(SIGKILL, &(struct sigaction){.sa_handler = SIG_IGN}, NULL));
	return 0;
}
