/* bench/glibc.sh's program, built against the host's glibc (Debian 12's, as
 * the root's): nanoseconds per gettimeofday, which glibc takes from the
 * vDSO (in Lamina, the init host's: lkl-linux/src/vdso_image.c). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000000;
	struct timespec t0, t1;
	struct timeval tv;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) gettimeofday(&tv, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n);
	return 0;
}
