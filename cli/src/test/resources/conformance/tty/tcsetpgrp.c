/* tcsetpgrp moves the foreground to another group of the session; from the background with SIGTTOU ignored. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	(void)m;
	pid_t c = fork();
	if (c == 0) {
		setsid();
		ioctl(s, TIOCSCTTY, 0);
		pid_t g = fork();
		if (g == 0) {
			setpgid(0, 0);
			for (;;) pause();
		}
		setpgid(g, g);
		check("tcsetpgrp to child's group", tcsetpgrp(s, g));
		yes("foreground is the child's", tcgetpgrp(s) == g);
		signal(SIGTTOU, SIG_IGN);
		check("tcsetpgrp to a missing group", tcsetpgrp(s, 999999));
		check("back to ours", tcsetpgrp(s, getpgrp()));
		kill(g, SIGKILL);
		waitpid(g, NULL, 0);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return 0;
}
