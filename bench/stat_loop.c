/* The cost of one routed call: stat() in a loop, median over batches, in
 * nanoseconds per call, after warm-up batches that let the kernel's JIT
 * settle (the steady state a long-lived engine runs in). Built with
 * musl-gcc; runs inside a container. With --clock, the same for
 * clock_gettime(CLOCK_MONOTONIC), which the init host answers itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define WARMUP 40
#define BATCHES 41
#define PER_BATCH 2000

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/passwd";
	int clock = argc > 1 && !strcmp(argv[1], "--clock");
	double ns[BATCHES];
	struct stat st;
	struct timespec now;
	for (int i = 0; i < WARMUP * PER_BATCH; i++)
		if (clock ? clock_gettime(CLOCK_MONOTONIC, &now) : stat(path, &st)) return 1;
	for (int b = 0; b < BATCHES; b++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < PER_BATCH; i++)
			if (clock ? clock_gettime(CLOCK_MONOTONIC, &now) : stat(path, &st)) return 1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns[b] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / PER_BATCH;
	}
	qsort(ns, BATCHES, sizeof ns[0], cmp);
	printf("%.0f\n", ns[BATCHES / 2]);
	return 0;
}
