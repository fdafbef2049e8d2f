/* A session leader takes a controlling terminal with TIOCSCTTY; /dev/tty then opens, and its group is the foreground. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	(void)m;
	pid_t c = fork();
	if (c == 0) {
		check("/dev/tty before", open("/dev/tty", O_RDWR));
		setsid();
		check("TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
		check("/dev/tty after", open("/dev/tty", O_RDWR));
		yes("tcgetpgrp == getpgrp", tcgetpgrp(s) == getpgrp());
		pid_t sid = -1;
		check("TIOCGSID", ioctl(s, TIOCGSID, &sid));
		yes("sid == getsid", sid == getsid(0));
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	check("TIOCSCTTY by a non-leader", ioctl(s, TIOCSCTTY, 0));
	return 0;
}
