/* F_SETOWN and F_SETOWN_EX name the process (or group) SIGIO goes to by the
 * caller's pids; F_GETOWN and F_GETOWN_EX give them back. */
#include "../conf.h"
#include <fcntl.h>
static volatile int got;
static void on_io(int sig) { (void)sig; got++; }
int main(void)
{
	signal(SIGIO, on_io);
	int p[2];
	must("pipe", pipe(p));
	check("F_SETOWN self", fcntl(p[0], F_SETOWN, getpid()));
	yes("F_GETOWN==getpid", fcntl(p[0], F_GETOWN) == getpid());
	check("O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK));
	write(p[1], "x", 1);
	for (int i = 0; i < 100 && !got; i++) usleep(1000);
	yes("SIGIO arrived", got > 0);
	struct f_owner_ex ex = { F_OWNER_PGRP, getpgrp() };
	check("F_SETOWN_EX group", fcntl(p[0], F_SETOWN_EX, &ex));
	struct f_owner_ex back = {0};
	check("F_GETOWN_EX", fcntl(p[0], F_GETOWN_EX, &back));
	yes("F_GETOWN_EX is the group", back.type == F_OWNER_PGRP && back.pid == getpgrp());
	yes("F_GETOWN is -pgrp", fcntl(p[0], F_GETOWN) == -getpgrp());
	check("F_SETOWN a pid nobody has", fcntl(p[0], F_SETOWN, 999999));
	check("F_SETOWN 0", fcntl(p[0], F_SETOWN, 0));
	yes("F_GETOWN 0", fcntl(p[0], F_GETOWN) == 0);
	return 0;
}
