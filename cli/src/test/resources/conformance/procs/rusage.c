/* getrusage(RUSAGE_CHILDREN) counts a reaped child's CPU time; wait4 fills rusage. */
#include "../conf.h"
int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		volatile unsigned long x = 0;
		struct timespec a, b;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
		do {
			for (int i = 0; i < 100000; i++) x += i;
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
		} while ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec < 100000000L);
		_exit(0);
	}
	struct rusage ru;
	yes("wait4", wait4(c, NULL, 0, &ru) == c);
	long ms = ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 + ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000;
	yes("child CPU >= 50 ms", ms >= 50);
	getrusage(RUSAGE_CHILDREN, &ru);
	ms = ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 + ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000;
	yes("RUSAGE_CHILDREN >= 50 ms", ms >= 50);
	yes("max RSS > 0", ru.ru_maxrss > 0);
	return 0;
}
