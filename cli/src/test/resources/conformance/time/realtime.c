/* time, gettimeofday and CLOCK_REALTIME agree within a second, after 2020. */
#include "../conf.h"
int main(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	time_t t = time(NULL);
	yes("after 2020", t > 1577836800);
	yes("time ~ CLOCK_REALTIME", t - ts.tv_sec <= 1 && t >= ts.tv_sec);
	yes("gettimeofday ~ CLOCK_REALTIME", tv.tv_sec - ts.tv_sec <= 1 && tv.tv_sec >= ts.tv_sec);
	yes("usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	struct timespec c;
	clock_gettime(CLOCK_REALTIME_COARSE, &c);
	yes("REALTIME_COARSE close", c.tv_sec - ts.tv_sec <= 1 && ts.tv_sec - c.tv_sec <= 1);
	return 0;
}
