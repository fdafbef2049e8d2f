/* TIOCSWINSZ on the master shows in TIOCGWINSZ on the slave. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	struct winsize ws = {.ws_row = 33, .ws_col = 101};
	check("TIOCSWINSZ", ioctl(m, TIOCSWINSZ, &ws));
	struct winsize got;
	check("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &got));
	printf("rows %d cols %d\n", got.ws_row, got.ws_col);
	return 0;
}
