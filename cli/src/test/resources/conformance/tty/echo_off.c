/* With ECHO off the master reads no echo of what it typed. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	struct termios t;
	tcgetattr(s, &t);
	t.c_lflag &= ~ECHO;
	tcsetattr(s, TCSANOW, &t);
	write(m, "secret\n", 7);
	char buf[16];
	value("slave read", read(s, buf, sizeof buf));
	fcntl(m, F_SETFL, O_NONBLOCK);
	check("master read", read(m, buf, sizeof buf));
	return 0;
}
