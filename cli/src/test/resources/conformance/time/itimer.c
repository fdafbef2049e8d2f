/* setitimer ITIMER_REAL delivers SIGALRM; getitimer shows what is left. */
#include "../conf.h"
static volatile int alarms;
static void on(int s) { (void)s; alarms++; }
int main(void)
{
	signal(SIGALRM, on);
	struct itimerval it = {{0, 20000}, {0, 20000}};
	check("setitimer", setitimer(ITIMER_REAL, &it, NULL));
	while (alarms < 3) pause();
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
