/* The time calls, from libc and as system calls (the init host answers
 * them from the host's vDSO; a static program calls the vDSO itself, and
 * its fallback for a CPU-time clock traps): every clock, in step; addresses
 * the kernel cannot write to are EFAULT, not a crash; NULL where Linux
 * allows it; an unknown clock is EINVAL. */
#include "../conf.h"
int main(void)
{
	static const struct { const char *name; clockid_t id; } clocks[] = {
		{ "REALTIME", CLOCK_REALTIME }, { "MONOTONIC", CLOCK_MONOTONIC },
		{ "MONOTONIC_RAW", CLOCK_MONOTONIC_RAW }, { "REALTIME_COARSE", CLOCK_REALTIME_COARSE },
		{ "MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE }, { "BOOTTIME", CLOCK_BOOTTIME },
		{ "TAI", CLOCK_TAI }, { "PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID },
	};
	char label[64];
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec a = { 0, -1 }, b = { 0, -1 };
		long r1 = syscall(SYS_clock_gettime, clocks[i].id, &a);
		long r2 = syscall(SYS_clock_gettime, clocks[i].id, &b);
		snprintf(label, sizeof label, "%s", clocks[i].name);
		struct timespec c = { 0, -1 };
		int r3 = clock_gettime(clocks[i].id, &c);
		yes(label, r1 == 0 && r2 == 0 && r3 == 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000
		    && (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec))
		    && (c.tv_sec > b.tv_sec || (c.tv_sec == b.tv_sec && c.tv_nsec >= b.tv_nsec)));
	}
	struct timespec rt, mono, boot;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	clock_gettime(CLOCK_REALTIME, &rt);
	yes("BOOTTIME not behind MONOTONIC", boot.tv_sec >= mono.tv_sec);

	void *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	check("clock_gettime into NULL", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)0));
	check("clock_gettime into an unmapped page", syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)8));
	check("clock_gettime into a read-only page", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ro));
	check("clock_gettime of an unknown clock", syscall(SYS_clock_gettime, 99, &rt));

	struct timeval tv = { 0, -1 };
	struct timezone tz = { -1, -1 };
	check("gettimeofday with no buffers", syscall(SYS_gettimeofday, (void *)0, (void *)0));
	check("gettimeofday", syscall(SYS_gettimeofday, &tv, &tz));
	yes("gettimeofday ~ CLOCK_REALTIME", tv.tv_sec - rt.tv_sec <= 1 && tv.tv_sec >= rt.tv_sec
	    && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	printf("the host kernel's time zone: %d %d\n", tz.tz_minuteswest, tz.tz_dsttime);
	check("gettimeofday into a read-only page", syscall(SYS_gettimeofday, ro, (void *)0));
	check("gettimeofday's zone into a read-only page", syscall(SYS_gettimeofday, &tv, ro));

#ifdef SYS_time
	time_t t = 0;
	long now = syscall(SYS_time, &t);
	yes("time returns and stores the same", now > 1577836800 && now == t && now - rt.tv_sec <= 1);
	yes("time with NULL", syscall(SYS_time, (void *)0) >= now);
	check("time into a read-only page", syscall(SYS_time, ro));
#endif
	return 0;
}
