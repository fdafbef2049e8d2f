/* A raised RLIMIT_STACK before an exec sizes the new program's main stack:
 * 24 MiB of recursion after the limit is raised to 64 MiB, and after it is
 * made unlimited (`ulimit -s unlimited`); prints how each child ended. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int recurse(int depth)
{
	volatile char frame[64 * 1024];
	frame[0] = (char)depth;
	return depth ? recurse(depth - 1) + frame[0] - (char)depth : 0;
}

static void run(const char *self, rlim_t limit, const char *what)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { limit, limit };
		if (setrlimit(RLIMIT_STACK, &r)) _exit(2);
		execl(self, self, "deep", (char *)0);
		_exit(3);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("%s: %s %d\n", what, WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "deep")) return recurse(24 * 16); /* 24 MiB of frames */
	run(argv[0], 64ul << 20, "64 MiB");
	run(argv[0], RLIM_INFINITY, "unlimited");
	return 0;
}
