/* sigaction returns the previous action; SA_NODEFER and sa_mask shape what is blocked in a handler. */
#include "../conf.h"
static volatile int blocked_self, blocked_other;
static void on(int s)
{
	(void)s;
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	blocked_self = sigismember(&cur, SIGUSR1);
	blocked_other = sigismember(&cur, SIGUSR2);
}
int main(void)
{
	struct sigaction sa = {.sa_handler = on}, old;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("plain: self blocked %s, sa_mask blocked %s\n", blocked_self ? "yes" : "no", blocked_other ? "yes" : "no");
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, &old);
	printf("old handler is ours: %s\n", old.sa_handler == on ? "yes" : "no");
	raise(SIGUSR1);
	printf("SA_NODEFER: self blocked %s\n", blocked_self ? "yes" : "no");
	return 0;
}
