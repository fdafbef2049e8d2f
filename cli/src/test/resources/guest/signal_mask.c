/* The signal mask across calls that trap (a static glibc binary in compat
 * mode, whose every call is served from a SIGSYS handler): a signal blocked
 * by sigprocmask stays pending when raised, is seen by sigpending, and is
 * handled once unblocked; the mask read back is the one set, SIGSYS
 * included (the host's own SIGSYS is the init host's to keep unblocked).
 * Prints one line of what it saw. */
#include <signal.h>
#include <stdio.h>

static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	sigset_t block, old, now, pending;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGSYS);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	int while_blocked = handled;
	sigpending(&pending);
	sigprocmask(SIG_SETMASK, 0, &now);
	int usr1_pending = sigismember(&pending, SIGUSR1), usr1_blocked = sigismember(&now, SIGUSR1),
	    sys_blocked = sigismember(&now, SIGSYS);
	sigprocmask(SIG_SETMASK, &old, 0);
	printf("handled while blocked %d, pending %d, blocked %d, sigsys blocked %d, handled after %d\n",
	       while_blocked, usr1_pending, usr1_blocked, sys_blocked, handled);
	return 0;
}
