/* What a glibc program finds of the vDSO and its time calls, which glibc
 * makes through it (gettimeofday and time are the vDSO's functions
 * themselves): the same natively and in Lamina, where the vDSO given to
 * glibc programs is the init host's (vdso_image.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long ns(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts)) return -1;
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int named(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	if (info->dlpi_addr == *(unsigned long *)data) printf("vdso object: %s, %d program headers\n",
	                                                     info->dlpi_name, info->dlpi_phnum > 0);
	return 0;
}

static void *times(void *who)
{
	struct timeval tv;
	struct timespec ts;
	int ok = 1;
	for (int i = 0; i < 1000; i++) {
		long before = ns(CLOCK_REALTIME);
		if (gettimeofday(&tv, 0)) ok = 0;
		long after = ns(CLOCK_REALTIME);
		long day = tv.tv_sec * 1000000000L + tv.tv_usec * 1000L;
		if (day < before - 1000 || day > after) ok = 0;
		time_t t = time(0);
		if (t < before / 1000000000L - 1 || t > after / 1000000000L) ok = 0;
	}
	long mono = ns(CLOCK_MONOTONIC);
	for (int i = 0; i < 100000; i++) {
		long next = ns(CLOCK_MONOTONIC);
		if (next < mono) ok = 0;
		mono = next;
	}
	if (clock_gettime(CLOCK_BOOTTIME, &ts) || clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)) ok = 0;
	long cpu = ns(CLOCK_PROCESS_CPUTIME_ID), thread = ns(CLOCK_THREAD_CPUTIME_ID);
	for (volatile long i = 0; i < 20000000; i++) {}
	int advanced = ns(CLOCK_PROCESS_CPUTIME_ID) > cpu && ns(CLOCK_THREAD_CPUTIME_ID) > thread;
	int cpu_now = sched_getcpu();
	printf("%s: realtime, gettimeofday and time %s; monotonic %s; CPU-time clocks %s; getcpu %s\n", (char *)who,
	       ok ? "agree" : "DISAGREE", ok ? "never goes back" : "WRONG", advanced ? "advance" : "STAND STILL",
	       cpu_now >= 0 && cpu_now < sysconf(_SC_NPROCESSORS_CONF) ? "in range" : "OUT OF RANGE");
	return 0;
}

int main(void)
{
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	printf("AT_SYSINFO_EHDR: %s\n", vdso ? "given" : "none");
	if (vdso) dl_iterate_phdr(named, &vdso);
	struct timespec res;
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("resolution of CLOCK_MONOTONIC: %ld ns\n", res.tv_nsec);
	printf("clock_getres(99): %s\n", clock_getres(99, &res) ? strerror(errno) : "accepted");
	times("main thread");
	pthread_t t;
	pthread_create(&t, 0, times, "second thread");
	pthread_join(t, 0);
	return 0;
}
