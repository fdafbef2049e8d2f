/* An orphan is adopted by pid 1 (the container's init). */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		if (fork() == 0) {
			usleep(200000);
			int ppid = getppid();
			write(p[1], &ppid, sizeof ppid);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(c, NULL, 0);
	int ppid;
	read(p[0], &ppid, sizeof ppid);
	value("orphan's parent", ppid);
	return 0;
}
