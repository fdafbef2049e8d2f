/* A child's getppid is its parent's getpid. */
#include "../conf.h"
int main(void)
{
	pid_t me = getpid();
	pid_t c = fork();
	if (c == 0) {
		yes("getppid == parent", getppid() == me);
		_exit(0);
	}
	wait(NULL);
	yes("pid > 1", me > 1);
	return 0;
}
