/* An orphan is adopted by pid 1 (the container's init). */
#include "../conf.h"
int main(void)
{
	int p[2], go[2];
	pipe(p);
	pipe(go);
	pid_t c = fork();
	if (c == 0) {
		if (fork() == 0) {
			char b;
			read(go[0], &b, 1); /* its parent has been reaped: it is an orphan by now */
			int ppid = getppid();
			write(p[1], &ppid, sizeof ppid);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(c, NULL, 0);
	write(go[1], "", 1);
	int ppid;
	read(p[0], &ppid, sizeof ppid);
	value("orphan's parent", ppid);
	return 0;
}
