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
 * other than root cannot read which program it runs. Each child prints
 * its own host pid; the container's process ends once the whole chain is
 * there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "raw_syscall.h"

static void say_host_pid(void)
{
	char line[64];
	int n = snprintf(line, sizeof line, "native child: host pid %ld\n", raw(SYS_getpid, 0, 0, 0, 0, 0));
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
	/* The container's process waits until the whole chain is there (the last one writes a byte). */
	int done[2];
	if (raw(SYS_pipe2, (long)done, 0, 0, 0, 0)) return 1;
	for (long level = 0; level < depth; level++) {
		long pid = raw(SYS_fork, 0, 0, 0, 0, 0);
		if (pid < 0) {
			if (level == 0) return 1;
			raw(SYS_exit_group, 1, 0, 0, 0, 0); /* a raw child: through no libc */
		}
		if (pid > 0) {
			if (level > 0) break;
			/* Only the chain holds the pipe's write end now: a fork that fails ends the wait too. */
			raw(SYS_close, done[1], 0, 0, 0, 0);
			char byte;
			return raw(SYS_read, done[0], (long)&byte, 1, 0, 0) == 1 ? 0 : 1; /* its end ends the container */
		}
		if (undumpable) raw(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
		say_host_pid(); /* before its own child, so every line is out once the last one is */
		if (level == depth - 1) raw(SYS_write, done[1], (long)"x", 1, 0, 0);
	}
	/* Let go of the output, so that whoever reads it sees lamina end, and of the pipe. */
	for (long fd = 0; fd < 3; fd++) raw(SYS_close, fd, 0, 0, 0, 0);
	raw(SYS_close, done[0], 0, 0, 0, 0);
	raw(SYS_close, done[1], 0, 0, 0, 0);
	struct timespec one = { 1, 0 };
	for (long i = 0; i < secs; i++) raw(SYS_nanosleep, (long)&one, 0, 0, 0, 0);
	raw(SYS_exit_group, 0, 0, 0, 0, 0);
	return 0;
}
