/* glibc's posix_spawn reads an exec's failure from its own stack, where the
 * vfork-like child stored it; a vfork child's stores to its caller's
 * variables reach the parent. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

extern char **environ;

static void spawn(const char *label, const char *file, posix_spawn_file_actions_t *fa)
{
	pid_t pid;
	char *argv[] = { (char *)file, NULL };
	int r = posix_spawnp(&pid, file, fa, NULL, argv, environ);
	printf("%s: %s", label, r ? strerror(r) : "spawned");
	int st;
	if (!r && waitpid(pid, &st, 0) == pid) printf(", exit %d", WEXITSTATUS(st));
	printf("\n");
}

int main(void)
{
	spawn("missing program", "no-such-program", NULL);
	spawn("true", "true", NULL);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, "/no/such/dir/file", O_RDONLY, 0);
	spawn("failing file action", "true", &fa);
	volatile int stored = 0;
	pid_t c = vfork();
	if (c == 0) {
		stored = 42;
		_exit(0);
	}
	printf("vfork child's store: %d\n", stored);
	waitpid(c, NULL, 0);
	return 0;
}
