/* TIOCINQ/FIONREAD on the slave counts the typed bytes; TIOCOUTQ on the master. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	struct termios t;
	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	write(m, "abcd", 4);
	/* the pty hands them on in the background (a kernel worker a loaded
	 * machine may run later than 20 ms): until the slave has them */
	struct pollfd p = {s, POLLIN, 0};
	poll(&p, 1, 5000);
	int n = -1;
	check("FIONREAD", ioctl(s, FIONREAD, &n));
	value("bytes", n);
	int q = -1;
	check("TIOCOUTQ", ioctl(s, TIOCOUTQ, &q));
	return 0;
}
