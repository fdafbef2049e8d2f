/* sigqueue to oneself: the value, SI_QUEUE, the sender's pid and uid. */
#include "../conf.h"
static volatile int val, code, frompid, fromuid;
static void on(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	val = si->si_value.sival_int;
	code = si->si_code;
	frompid = si->si_pid;
	fromuid = si->si_uid;
}
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO};
	sigaction(SIGRTMIN, &sa, NULL);
	check("sigqueue", sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 1234}));
	printf("value %d SI_QUEUE %s pid==getpid %s uid %d\n", val, code == SI_QUEUE ? "yes" : "no",
	       frompid == getpid() ? "yes" : "no", fromuid);
	kill(getpid(), SIGRTMIN);
	printf("kill: SI_USER %s\n", code == SI_USER ? "yes" : "no");
	return 0;
}
