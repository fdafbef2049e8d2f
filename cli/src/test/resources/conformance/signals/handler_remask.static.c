/* A static program (its calls trap: compat mode): a handler that interrupts
 * a blocked read, blocks its own signal through its context's mask and
 * sends it again (as musl's cancellation handler does outside its region)
 * runs once; the signal stays blocked after, and the read goes on. */
#include "../conf.h"
#include <ucontext.h>
static volatile int *count; /* in memory shared with the child that writes the byte */
static void on(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si;
	(*count)++;
	sigaddset(&((ucontext_t *)ctx)->uc_sigmask, SIGALRM);
	if (*count < 100) syscall(SYS_tkill, syscall(SYS_gettid), SIGALRM);
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
	value("handler runs", *count);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	yes("SIGALRM blocked after", sigismember(&now, SIGALRM));
	wait(NULL);
	return 0;
}
