/* cfsetospeed and tcgetattr keep a speed; tcflush and tcdrain work on a pty. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	(void)m;
	struct termios t;
	tcgetattr(s, &t);
	cfsetospeed(&t, B9600);
	cfsetispeed(&t, B9600);
	check("tcsetattr", tcsetattr(s, TCSANOW, &t));
	tcgetattr(s, &t);
	yes("9600", cfgetospeed(&t) == B9600);
	check("tcflush", tcflush(s, TCIOFLUSH));
	check("tcdrain", tcdrain(s));
	check("tcflow", tcflow(s, TCOON));
	check("tcsendbreak", tcsendbreak(s, 0));
	return 0;
}
