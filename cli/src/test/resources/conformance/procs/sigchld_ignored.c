/* Children of a process ignoring SIGCHLD are reaped by the system (wait finds
 * none); with SIGCHLD back to its default, the next children are waited for
 * and named as fork named them. */
#include "../conf.h"
int main(void)
{
	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 5; i++)
		if (fork() == 0) _exit(0);
	usleep(200000);
	check("wait with SIGCHLD ignored", wait(NULL));
	signal(SIGCHLD, SIG_DFL);
	int right = 0;
	for (int i = 0; i < 5; i++) {
		pid_t c = fork();
		if (c == 0) _exit(i);
		int st;
		if (waitpid(-1, &st, 0) == c && WEXITSTATUS(st) == i) right++;
	}
	value("waited and named", right);
	struct sigaction sa = {.sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT};
	sigaction(SIGCHLD, &sa, NULL);
	if (fork() == 0) _exit(0);
	usleep(200000);
	check("wait with SA_NOCLDWAIT", wait(NULL));
	return 0;
}
