/* A static program (its calls trap, served on the alternate stack it has)
 * waits for SIGUSR1 as POSIX says, blocked but in the wait's mask: with
 * sigsuspend, then ppoll. The signal's handler runs as it ends the wait, and
 * SIGUSR1 is blocked again after. Before, the signal stayed pending under the
 * mask from before the wait, each wait ended by it with no handler run. */
#include "../conf.h"
static volatile int handled;
static void on(int s)
{
	(void)s;
	handled++;
}
static void wait_for(const char *how, const sigset_t *during)
{
	pid_t parent = getpid();
	int before = handled, waits = 0;
	if (fork() == 0) {
		usleep(100000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	while (handled == before && waits < 5) {
		if (how[0] == 's') check(how, sigsuspend(during));
		else check(how, ppoll(NULL, 0, NULL, during));
		waits++;
	}
	printf("%s: handled after %d waits\n", how, waits);
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	yes("SIGUSR1 blocked again", sigismember(&now, SIGUSR1));
	wait(NULL);
}
int main(void)
{
	static char alt[65536];
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	check("sigaltstack", sigaltstack(&ss, NULL));
	struct sigaction sa = {.sa_handler = on, .sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	wait_for("sigsuspend", &old);
	wait_for("ppoll", &old);
	return 0;
}
