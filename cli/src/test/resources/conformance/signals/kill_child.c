/* kill ends a child with the signal; the wait status names it. */
#include "../conf.h"
int main(void)
{
	int sigs[] = {SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT};
	for (int i = 0; i < 5; i++) {
		pid_t c = fork();
		if (c == 0) {
			for (;;) pause();
		}
		check("kill", kill(c, sigs[i]));
		int st;
		waitpid(c, &st, 0);
		status("child", st);
	}
	check("kill 0 to a reaped pid", kill(999999, 0));
	return 0;
}
