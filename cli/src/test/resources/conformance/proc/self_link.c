/* /proc/self and /proc/thread-self follow the caller, in a child too. */
#include "../conf.h"
int main(void)
{
	char buf[64] = {0};
	readlink("/proc/self", buf, sizeof buf - 1);
	yes("self == getpid", atoi(buf) == getpid());
	memset(buf, 0, sizeof buf);
	readlink("/proc/thread-self", buf, sizeof buf - 1);
	char want[64];
	snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
	yes("thread-self == pid/task/tid", !strcmp(buf, want));
	if (fork() == 0) {
		memset(buf, 0, sizeof buf);
		readlink("/proc/self", buf, sizeof buf - 1);
		yes("child: self == getpid", atoi(buf) == getpid());
		_exit(0);
	}
	wait(NULL);
	return 0;
}
