/* CLOCK_MONOTONIC never goes back; BOOTTIME is at least MONOTONIC. */
#include "../conf.h"
static long long ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(void)
{
	long long prev = ns(CLOCK_MONOTONIC);
	int back = 0;
	for (int i = 0; i < 10000; i++) {
		long long now = ns(CLOCK_MONOTONIC);
		if (now < prev) back++;
		prev = now;
	}
	value("went back", back);
	long long mono = ns(CLOCK_MONOTONIC);
	yes("BOOTTIME >= MONOTONIC", ns(CLOCK_BOOTTIME) >= mono);
	yes("MONOTONIC_RAW > 0", ns(CLOCK_MONOTONIC_RAW) > 0);
	yes("MONOTONIC_COARSE > 0", ns(CLOCK_MONOTONIC_COARSE) > 0);
	struct timespec t;
	check("bad clock", clock_gettime(99, &t));
	return 0;
}
