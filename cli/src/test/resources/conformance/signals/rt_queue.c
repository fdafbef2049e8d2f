/* Real-time signals queue (three sent, three delivered, in order); standard ones merge. */
#include "../conf.h"
static volatile int rt, usr, order[8], n;
static void on_rt(int s, siginfo_t *si, void *u) { (void)s, (void)u; if (n < 8) order[n++] = si->si_value.sival_int; rt++; }
static void on_usr(int s) { (void)s; usr++; }
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on_rt, .sa_flags = SA_SIGINFO};
	sigaction(SIGRTMIN + 1, &sa, NULL);
	signal(SIGUSR1, on_usr);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	for (int i = 1; i <= 3; i++) {
		sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = i});
		kill(getpid(), SIGUSR1);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("rt %d usr %d order %d %d %d\n", rt, usr, order[0], order[1], order[2]);
	return 0;
}
