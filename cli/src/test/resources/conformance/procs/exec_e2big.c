/* execve fails with E2BIG, the caller going on, for a string longer than
 * 32 pages and for strings past a quarter of the stack limit; just under
 * both it runs (the process ended with 126 before, the check coming only
 * once the old program was gone). */
#include "../conf.h"
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* execve of this program (which then exits 0) with n strings of len bytes
 * each (NUL included) as arguments, in a child: its outcome. */
static void try(const char *what, int n, size_t len)
{
	pid_t pid = fork();
	if (pid == 0) {
		char **args = calloc(n + 3, sizeof *args);
		args[0] = "/proc/self/exe";
		args[1] = "run";
		for (int i = 0; i < n; i++) {
			args[i + 2] = malloc(len);
			memset(args[i + 2], 'x', len - 1);
			args[i + 2][len - 1] = 0;
		}
		char *env[] = {NULL};
		execve("/proc/self/exe", args, env);
		printf("%s: %s\n", what, errname(errno));
		fflush(stdout);
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) printf("%s: ran\n", what);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 1) printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) return 0;
	setvbuf(stdout, 0, _IONBF, 0);
	try("a string of 32 pages", 1, 32 * 4096);
	try("a string past 32 pages", 1, 32 * 4096 + 1);
	struct rlimit stack = {1 << 20, RLIM_INFINITY}; /* 1 MiB: a quarter is 256 KiB */
	setrlimit(RLIMIT_STACK, &stack);
	try("200 KiB of strings, stack 1 MiB", 2, 100 << 10);
	try("300 KiB of strings, stack 1 MiB", 3, 100 << 10);
	stack.rlim_cur = 8 << 20;
	setrlimit(RLIMIT_STACK, &stack);
	try("2 MiB of strings, stack 8 MiB", 20, 100 << 10);
	try("3 MiB of strings, stack 8 MiB", 30, 100 << 10);
	return 0;
}
