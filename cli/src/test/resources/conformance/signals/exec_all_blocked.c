/* A program exec'd with every signal blocked (a supervisor's child before
 * it sets its own mask) runs, and finds its mask as it was left, SIGSYS
 * included; its static build's calls trap, which needs SIGSYS on the host. */
#include "../conf.h"
int main(int argc, char **argv)
{
	if (argc == 1) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		execl("/proc/self/exe", argv[0], "again", (char *)NULL);
		printf("exec: %s\n", errname(errno));
		return 1;
	}
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	yes("runs after the exec", 1);
	yes("SIGSYS still blocked", sigismember(&now, SIGSYS));
	yes("SIGTERM still blocked", sigismember(&now, SIGTERM));
	struct timespec ts;
	check("clock_gettime", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts));
	check("getppid", getppid());
	sigset_t none;
	sigemptyset(&none);
	check("unblock all", sigprocmask(SIG_SETMASK, &none, NULL));
	check("raise SIGUSR1 ignored", (signal(SIGUSR1, SIG_IGN), raise(SIGUSR1)));
	return 0;
}
