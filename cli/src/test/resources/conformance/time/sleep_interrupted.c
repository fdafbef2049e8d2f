/* A signal interrupts nanosleep: EINTR with the time left. */
#include "../conf.h"
static void on(int s) { (void)s; }
int main(void)
{
	signal(SIGALRM, on);
	/* every 50 ms: one that came before the sleep began (a loaded machine)
	 * would leave it to sleep its whole time */
	struct itimerval it = {{0, 50000}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec left = {0, 0};
	check("nanosleep 5 s", nanosleep(&(struct timespec){5, 0}, &left));
	yes("left between 4 and 5 s", left.tv_sec >= 4 && left.tv_sec <= 5);
	setitimer(ITIMER_REAL, &it, NULL);
	value("sleep 5 returns", sleep(5) >= 4);
	return 0;
}
