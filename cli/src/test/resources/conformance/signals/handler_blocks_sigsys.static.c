/* A static program (its calls trap: compat mode) whose handler blocks
 * SIGSYS through its context's mask, once during a blocked read and once
 * in its own code: the program goes on, with SIGSYS blocked as it asked
 * (the init host's traps must not be blocked by it). */
#include "../conf.h"
#include <ucontext.h>
static volatile int *count; /* in memory shared with the child that writes the byte */
static void on(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si;
	(*count)++;
	sigaddset(&((ucontext_t *)ctx)->uc_sigmask, SIGSYS);
}
int main(void)
{
	count = shared_int();
	int slow = byte_after(count); /* once the handler has run and the read waits again */
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	char c;
	value("read", read(slow, &c, 1));
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	yes("SIGSYS blocked after the read's handler", sigismember(&now, SIGSYS));
	sigprocmask(SIG_UNBLOCK, &now, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (volatile long i = 0; *count < 2 && i < 4000000000L; i++) {}
	sigprocmask(SIG_BLOCK, NULL, &now);
	yes("SIGSYS blocked after the busy loop's handler", sigismember(&now, SIGSYS));
	value("handler runs", *count);
	wait(NULL);
	return 0;
}
