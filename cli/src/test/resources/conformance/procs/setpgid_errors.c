/* setpgid's errors in Linux's order: a negative group is EINVAL (0 standing
 * for the pid, so setpgid(-1, 0) too), a process that is not the caller or its
 * child ESRCH, a group that does not exist in the caller's session EPERM. */
#include "../conf.h"
int main(void)
{
	check("negative group", setpgid(0, -1));
	check("negative pid, group 0", setpgid(-1, 0));
	check("no such group", setpgid(0, 99999));
	check("no such process", setpgid(99999, 0));
	check("no such process and group", setpgid(99999, 99999));
	check("pid 1, not a child", setpgid(1, 1));
	check("join pid 1's group", setpgid(0, 1));
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	check("child into no such group", setpgid(c, 99999));
	check("child into its own group", setpgid(c, 0));
	check("child into the caller's group", setpgid(c, getpgrp()));
	check("child into pid 1's group", setpgid(c, 1));
	kill(c, SIGKILL);
	wait(NULL);
	check("getpgid of no such process", getpgid(99999));
	check("getsid of a negative pid", getsid(-1));
	return 0;
}
