/* timerfd: a one-shot expires once, an interval counts expirations; disarm. */
#include <sys/timerfd.h>
#include "../conf.h"
int main(void)
{
	int fd = check("timerfd_create", timerfd_create(CLOCK_MONOTONIC, 0));
	struct itimerspec it = {{0, 0}, {0, 30000000}};
	check("arm one-shot", timerfd_settime(fd, 0, &it, NULL));
	uint64_t n;
	value("read", read(fd, &n, 8));
	printf("expirations %llu\n", (unsigned long long)n);
	it = (struct itimerspec){{0, 10000000}, {0, 10000000}};
	timerfd_settime(fd, 0, &it, NULL);
	usleep(55000);
	read(fd, &n, 8);
	yes("interval counted several", n >= 3);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	yes("interval kept", cur.it_interval.tv_nsec == 10000000);
	it = (struct itimerspec){{0, 0}, {0, 0}};
	timerfd_settime(fd, 0, &it, NULL);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	check("disarmed read", read(fd, &n, 8));
	check("bad clock", timerfd_create(99, 0));
	return 0;
}
