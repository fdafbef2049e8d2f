/* timer_create with SIGEV_SIGNAL: the signal carries the value; overruns. */
#include "../conf.h"
static volatile int got, val, code;
static void on(int s, siginfo_t *si, void *u) { (void)s, (void)u; got++; val = si->si_value.sival_int; code = si->si_code; }
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO};
	sigaction(SIGRTMIN, &sa, NULL);
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN, .sigev_value.sival_int = 77};
	timer_t t;
	check("timer_create", timer_create(CLOCK_MONOTONIC, &ev, &t));
	struct itimerspec it = {{0, 0}, {0, 20000000}};
	check("timer_settime", timer_settime(t, 0, &it, NULL));
	while (!got) pause();
	printf("value %d SI_TIMER %s\n", val, code == SI_TIMER ? "yes" : "no");
	value("overrun", timer_getoverrun(t));
	check("timer_delete", timer_delete(t));
	return 0;
}
