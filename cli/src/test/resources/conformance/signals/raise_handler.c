/* raise runs the handler before returning, with the signal's number. */
#include "../conf.h"
static volatile int got;
static void on(int s) { got = s; }
int main(void)
{
	signal(SIGUSR1, on);
	check("raise", raise(SIGUSR1));
	value("handler saw", got);
	check("kill self", kill(getpid(), SIGUSR1));
	value("handler saw", got);
	check("raise bad signal", raise(99));
	return 0;
}
