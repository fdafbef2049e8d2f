/* A static glibc program for compat mode: glibc's posix_spawn makes a raw
 * clone(CLONE_VM|CLONE_VFORK) onto a stack of its own. */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

int main(void)
{
	char *argv[] = { "echo", "spawned", 0 };
	pid_t pid;
	int err = posix_spawn(&pid, "/bin/echo", 0, 0, argv, environ);
	if (err) {
		printf("posix_spawn failed: %d\n", err);
		return 1;
	}
	int status;
	if (waitpid(pid, &status, 0) != pid) return 2;
	printf("child exited %d\n", WEXITSTATUS(status));
	return 0;
}
