/* Starts /bin/true N times each way a program starts another: fork then
 * exec, vfork then exec, and posix_spawn (musl's: a clone sharing memory,
 * as glibc's); prints the microseconds per start, a line a way.
 *   spawn_loop N
 * Built with musl-gcc; runs inside a container and in a chroot. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

static long long now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static pid_t start(int way)
{
	char *argv[] = { "true", NULL };
	pid_t pid = way == 0 ? fork() : way == 1 ? vfork() : 0;
	if (way == 2) return posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) ? -1 : pid;
	if (pid == 0) {
		execve("/bin/true", argv, environ);
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	static const char *ways[] = { "fork_exec", "vfork_exec", "posix_spawn" };
	int n = argc > 1 ? atoi(argv[1]) : 500;
	for (int way = 0; way < 3; way++) {
		long long t0 = now_us();
		for (int i = 0; i < n; i++) {
			pid_t pid = start(way);
			if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
				perror(ways[way]);
				return 1;
			}
		}
		printf("%s %lld\n", ways[way], (now_us() - t0) / n);
	}
	return 0;
}
