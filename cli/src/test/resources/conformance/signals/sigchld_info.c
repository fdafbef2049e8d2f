/* SIGCHLD's siginfo: CLD_EXITED, the status and the child's pid; CLD_KILLED. */
#include "../conf.h"
static volatile int code, st, from;
static void on(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	code = si->si_code;
	st = si->si_status;
	from = si->si_pid;
}
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO};
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid_t c = fork();
	if (c == 0) _exit(5);
	sigsuspend(&old);
	printf("CLD_EXITED %s status %d pid==child %s\n", code == CLD_EXITED ? "yes" : "no", st, from == c ? "yes" : "no");
	waitpid(c, NULL, 0);
	c = fork();
	if (c == 0) for (;;) pause();
	kill(c, SIGKILL);
	sigsuspend(&old);
	printf("CLD_KILLED %s status %d pid==child %s\n", code == CLD_KILLED ? "yes" : "no", st, from == c ? "yes" : "no");
	waitpid(c, NULL, 0);
	return 0;
}
