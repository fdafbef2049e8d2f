/* A static program (its calls trap: compat mode) waits in sigsuspend with
 * every signal blocked but one (SIGSYS among them): the one arrives, its
 * handler makes a call, and sigsuspend returns EINTR. */
#include "../conf.h"
static volatile int handled;
static void on(int sig)
{
	(void)sig;
	handled = getpid() > 0;
}
int main(void)
{
	struct sigaction sa = {.sa_handler = on};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, all;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	pid_t parent = getpid();
	if (fork() == 0) {
		usleep(100000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	sigfillset(&all);
	sigdelset(&all, SIGUSR1);
	check("sigsuspend", sigsuspend(&all));
	yes("handled, with a call", handled);
	wait(NULL);
	return 0;
}
