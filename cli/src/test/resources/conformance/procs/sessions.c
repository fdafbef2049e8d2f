/* setsid makes a session and group led by the caller; setpgid's rules. */
#include "../conf.h"
int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		check("setsid", setsid());
		yes("getsid == getpid", getsid(0) == getpid());
		yes("getpgrp == getpid", getpgrp() == getpid());
		check("setsid again (leader)", setsid());
		check("setpgid to another session's group", setpgid(0, getppid()));
		_exit(0);
	}
	wait(NULL);
	c = fork();
	if (c == 0) {
		check("setpgid(0,0)", setpgid(0, 0));
		yes("own group", getpgrp() == getpid());
		yes("same session as parent", getsid(0) == getsid(getppid()));
		_exit(0);
	}
	wait(NULL);
	check("setpgid of a reaped child", setpgid(c, c));
	check("getsid of nothing", getsid(999999));
	return 0;
}
