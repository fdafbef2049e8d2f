/* A user may signal its own processes only; kill(pid, 0) probes. */
#include "../conf.h"
int main(void)
{
	pid_t root_child = fork();
	if (root_child == 0) for (;;) pause();
	pid_t c = fork();
	if (c == 0) {
		setuid(1000);
		check("user signals root's process", kill(root_child, SIGTERM));
		check("user probes root's process", kill(root_child, 0));
		check("user probes itself", kill(getpid(), 0));
		check("kill(1)", kill(1, SIGTERM));
		_exit(0);
	}
	waitpid(c, NULL, 0);
	kill(root_child, SIGKILL);
	int st;
	waitpid(root_child, &st, 0);
	status("root's child", st);
	return 0;
}
