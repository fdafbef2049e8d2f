/* clock_nanosleep to an absolute time wakes at or after it. */
#include "../conf.h"
int main(void)
{
	struct timespec t, now;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += 40000000;
	if (t.tv_nsec >= 1000000000) { t.tv_sec++; t.tv_nsec -= 1000000000; }
	value("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL));
	clock_gettime(CLOCK_MONOTONIC, &now);
	yes("woke after", now.tv_sec > t.tv_sec || (now.tv_sec == t.tv_sec && now.tv_nsec >= t.tv_nsec));
	struct timespec past = {0, 1};
	value("past time", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
	value("bad clock", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &past, NULL));
	return 0;
}
