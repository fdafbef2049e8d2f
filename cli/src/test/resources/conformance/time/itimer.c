/* setitimer ITIMER_REAL delivers SIGALRM; getitimer shows what is left. */
#include "../conf.h"
static volatile int alarms;
static void on(int s) { (void)s; alarms++; }
int main(void)
{
	signal(SIGALRM, on);
	/* SIGALRM taken only in sigsuspend, one at a time: a fourth that came
	 * before the timer is disarmed (20 ms on, on a loaded machine) stays
	 * pending, uncounted */
	sigset_t alrm, old;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &old);
	struct itimerval it = {{0, 20000}, {0, 20000}};
	check("setitimer", setitimer(ITIMER_REAL, &it, NULL));
	while (alarms < 3) sigsuspend(&old);
	struct itimerval cur;
	getitimer(ITIMER_REAL, &cur);
	yes("interval kept", cur.it_interval.tv_usec == 20000);
	it = (struct itimerval){{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
	getitimer(ITIMER_REAL, &cur);
	yes("disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
	value("alarms", alarms);
	check("bad which", setitimer(9, &it, NULL));
	return 0;
}
