/* The clocks' resolutions. */
#include "../conf.h"
int main(void)
{
	clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
	const char *names[] = {"REALTIME", "MONOTONIC", "BOOTTIME", "PROCESS_CPUTIME", "THREAD_CPUTIME"};
	for (int i = 0; i < 5; i++) {
		struct timespec r;
		if (clock_getres(ids[i], &r) < 0) printf("%s: %s\n", names[i], errname(errno));
		else printf("%s: %ld.%09ld\n", names[i], (long)r.tv_sec, r.tv_nsec);
	}
	struct timespec r;
	check("bad clock", clock_getres(123, &r));
	return 0;
}
