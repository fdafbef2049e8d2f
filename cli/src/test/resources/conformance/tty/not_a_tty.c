/* Terminal calls on a pipe and a file: ENOTTY. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int p[2];
	pipe(p);
	yes("isatty pipe", isatty(p[0]));
	printf("errno: %s\n", errname(errno));
	struct termios t;
	check("tcgetattr file", tcgetattr(open("/etc/hostname", O_RDONLY), &t));
	struct winsize ws;
	check("TIOCGWINSZ pipe", ioctl(p[0], TIOCGWINSZ, &ws));
	check("tcgetpgrp /dev/null", tcgetpgrp(open("/dev/null", O_RDONLY)));
	return 0;
}
