/* A hostile guest forks by itself (through the init host's syscall
 * instruction), so the kernel never hears of the child and no pidfd holds
 * it: the container's end must still kill it.
 *
 *   native_fork SECONDS
 *
 * Built static (musl-gcc -static) and run with --compat. The child sleeps
 * SECONDS (bounded to 120) and exits; the parent prints its host pid. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	if (argc < 2 || !raw_syscall_init()) return 1;
	long secs = atol(argv[1]);
	if (secs > 120) secs = 120;
	long pid = raw(SYS_fork, 0, 0, 0, 0, 0);
	if (pid == 0) {
		/* Let go of the output, so that whoever reads it sees lamina end. */
		for (long fd = 0; fd < 3; fd++) raw(SYS_close, fd, 0, 0, 0, 0);
		struct timespec one = { 1, 0 };
		for (long i = 0; i < secs; i++) raw(SYS_nanosleep, (long)&one, 0, 0, 0, 0);
		raw(SYS_exit_group, 0, 0, 0, 0, 0);
	}
	printf("native child: host pid %ld\n", pid);
	return 0;
}
