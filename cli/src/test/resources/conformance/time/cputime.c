/* Process and thread CPU clocks advance with work, not with sleep. */
#include <sys/times.h>
#include "../conf.h"
static long long ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(void)
{
	long long a = ns(CLOCK_PROCESS_CPUTIME_ID);
	usleep(100000);
	long long slept = ns(CLOCK_PROCESS_CPUTIME_ID) - a;
	yes("sleep costs < 50 ms CPU", slept < 50000000);
	a = ns(CLOCK_THREAD_CPUTIME_ID);
	volatile unsigned long x = 0;
	while (ns(CLOCK_THREAD_CPUTIME_ID) - a < 30000000) x++;
	yes("process clock counted the thread's work", ns(CLOCK_PROCESS_CPUTIME_ID) >= ns(CLOCK_THREAD_CPUTIME_ID));
	struct tms tm;
	times(&tm);
	yes("times() user+sys > 0", tm.tms_utime + tm.tms_stime > 0);
	yes("clock() > 0", clock() > 0);
	return 0;
}
