/* A hostile guest forks by itself (through the init host's syscall
 * instruction), so the kernel never hears of the child and no pidfd holds
 * it: the container's end must still kill it.
 *
 *   native_fork SECONDS [DEPTH [undumpable]]
 *
 * Built static (musl-gcc -static) and run with --compat. A chain of DEPTH
 * (default 1, at most 200) such children, each the child of the one before,
 * each sleeping SECONDS (bounded to 120) before it exits; with "undumpable"
 * each makes itself non-dumpable first (a raw prctl), so that a host user
 * other than root cannot read which program it runs. Each process prints
 * its child's host pid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "raw_syscall.h"

static void say_child(long pid)
{
	char line[64];
	int n = snprintf(line, sizeof line, "native child: host pid %ld\n", pid);
	raw(SYS_write, 1, (long)line, n, 0, 0);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !raw_syscall_init()) return 1;
	long secs = atol(argv[1]);
	if (secs > 120) secs = 120;
	long depth = argc > 2 ? atol(argv[2]) : 1;
	if (depth < 1 || depth > 200) return 1;
	int undumpable = argc > 3 && !strcmp(argv[3], "undumpable");
	for (long level = 0; level < depth; level++) {
		long pid = raw(SYS_fork, 0, 0, 0, 0, 0);
		if (pid < 0) return 1;
		if (pid > 0) {
			say_child(pid);
			if (level == 0) return 0; /* the container's process: its end ends the container */
			break;
		}
		if (undumpable) raw(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
	}
	/* Let go of the output, so that whoever reads it sees lamina end. */
	for (long fd = 0; fd < 3; fd++) raw(SYS_close, fd, 0, 0, 0, 0);
	struct timespec one = { 1, 0 };
	for (long i = 0; i < secs; i++) raw(SYS_nanosleep, (long)&one, 0, 0, 0, 0);
	raw(SYS_exit_group, 0, 0, 0, 0, 0);
	return 0;
}
