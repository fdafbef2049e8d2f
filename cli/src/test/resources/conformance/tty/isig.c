/* With ISIG, ^C typed on the master sends SIGINT to the foreground group. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		setsid();
		ioctl(s, TIOCSCTTY, 0);
		write(p[1], "r", 1);
		for (;;) pause();
	}
	char x;
	read(p[0], &x, 1);
	write(m, "\003", 1);
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return 0;
}
