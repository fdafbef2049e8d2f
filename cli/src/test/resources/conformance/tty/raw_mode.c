/* cfmakeraw: bytes arrive at once, no echo, no CR/NL mapping; tcgetattr shows the change. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	struct termios t;
	tcgetattr(s, &t);
	printf("default: ICANON %s ECHO %s ISIG %s ONLCR %s\n", t.c_lflag & ICANON ? "yes" : "no", t.c_lflag & ECHO ? "yes" : "no",
	       t.c_lflag & ISIG ? "yes" : "no", t.c_oflag & ONLCR ? "yes" : "no");
	cfmakeraw(&t);
	check("tcsetattr", tcsetattr(s, TCSANOW, &t));
	struct termios back;
	tcgetattr(s, &back);
	printf("raw: ICANON %s ECHO %s\n", back.c_lflag & ICANON ? "yes" : "no", back.c_lflag & ECHO ? "yes" : "no");
	write(m, "ab", 2);
	usleep(20000);
	char buf[8];
	value("read without newline", read(s, buf, sizeof buf));
	write(s, "x\n", 2);
	usleep(20000);
	long n = read(m, buf, sizeof buf);
	printf("master got %ld bytes\n", n);
	return 0;
}
