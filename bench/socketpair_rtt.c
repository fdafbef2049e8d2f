/* The floor for a routed call: a blocking round trip between two processes
 * over an AF_UNIX stream socketpair, median over batches, in nanoseconds.
 * Argument "same" pins both to CPU 0; otherwise they float. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 41
#define PER_BATCH 2000

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void pin(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof set, &set);
}

int main(int argc, char **argv)
{
	int same = argc > 1 && strcmp(argv[1], "same") == 0;
	int sv[2];
	char c = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return 1;
	pid_t child = fork();
	if (child == 0) {
		close(sv[0]);
		if (same) pin();
		while (read(sv[1], &c, 1) == 1) write(sv[1], &c, 1);
		_exit(0);
	}
	close(sv[1]);
	if (same) pin();
	double ns[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < PER_BATCH; i++) {
			write(sv[0], &c, 1);
			read(sv[0], &c, 1);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns[b] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / PER_BATCH;
	}
	close(sv[0]);
	waitpid(child, 0, 0);
	qsort(ns, BATCHES, sizeof ns[0], cmp);
	printf("%.0f\n", ns[BATCHES / 2]);
	return 0;
}
