/* kill(0, ...) and kill(-pgid, ...) reach every process of the group. */
#include "../conf.h"
int main(void)
{
	setpgid(0, 0);
	signal(SIGUSR1, SIG_IGN);
	int ready[2];
	pipe(ready);
	pid_t a = fork();
	if (a == 0) { signal(SIGUSR1, SIG_DFL); write(ready[1], "a", 1); for (;;) pause(); }
	pid_t b = fork();
	if (b == 0) { signal(SIGUSR1, SIG_DFL); write(ready[1], "b", 1); for (;;) pause(); }
	char two[2];
	read(ready[0], two, 1);
	read(ready[0], two + 1, 1);
	check("kill(0)", kill(0, SIGUSR1));
	int st;
	waitpid(a, &st, 0);
	status("a", st);
	waitpid(b, &st, 0);
	status("b", st);
	pid_t c = fork();
	if (c == 0) { setpgid(0, 0); for (;;) pause(); }
	setpgid(c, c);
	check("kill(-pgid)", kill(-c, SIGTERM));
	waitpid(c, &st, 0);
	status("c", st);
	check("kill(-nonexistent group)", kill(-999999, SIGTERM));
	return 0;
}
