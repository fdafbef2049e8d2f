/* WNOHANG returns 0 while a child runs, ECHILD with none. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char x;
		read(p[0], &x, 1);
		_exit(0);
	}
	value("running", waitpid(c, NULL, WNOHANG));
	write(p[1], "x", 1);
	int st;
	yes("reaped", waitpid(c, &st, 0) == c);
	value("no children", waitpid(-1, NULL, WNOHANG));
	value("wait", wait(NULL));
	value("a pid not ours", waitpid(1, NULL, 0));
	return 0;
}
