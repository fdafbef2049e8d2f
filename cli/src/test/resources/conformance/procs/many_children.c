/* Fifty children, each exiting with its index, all reaped with the right status. */
#include "../conf.h"
int main(void)
{
	pid_t pids[50];
	for (int i = 0; i < 50; i++) {
		pids[i] = fork();
		if (pids[i] == 0) _exit(i);
	}
	int ok = 0;
	for (int i = 0; i < 50; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == i) ok++;
	}
	value("right statuses", ok);
	value("left", wait(NULL));
	return 0;
}
