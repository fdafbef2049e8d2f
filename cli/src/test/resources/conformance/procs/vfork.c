/* vfork: the parent waits until the child execs or exits; memory is shared until then. */
#include "../conf.h"
int main(void)
{
	volatile int shared = 0;
	pid_t c = vfork();
	if (c == 0) {
		shared = 1;
		_exit(4);
	}
	value("seen by parent", shared);
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	c = vfork();
	if (c == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(c, &st, 0);
	status("exec'd child", st);
	return 0;
}
