/* In the main thread gettid == getpid; a child's differs. */
#include "../conf.h"
int main(void)
{
	yes("gettid == getpid", syscall(SYS_gettid) == getpid());
	if (fork() == 0) {
		yes("child: gettid == getpid", syscall(SYS_gettid) == getpid());
		_exit(0);
	}
	wait(NULL);
	return 0;
}
