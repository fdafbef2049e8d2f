/* fork: the child's exit status reaches waitpid; the child's pid is fork's result. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		pid_t me = getpid();
		write(p[1], &me, sizeof me);
		_exit(7);
	}
	pid_t seen;
	read(p[0], &seen, sizeof seen);
	yes("child's getpid == fork's result", seen == c);
	int st;
	yes("waitpid returns the child", waitpid(c, &st, 0) == c);
	status("child", st);
	return 0;
}
