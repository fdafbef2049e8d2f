/* Writing to a pipe with no reader: SIGPIPE kills by default; ignored, EPIPE. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	close(p[0]);
	pid_t c = fork();
	if (c == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(p[1], "x", 1);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("default", st);
	signal(SIGPIPE, SIG_IGN);
	check("ignored", write(p[1], "x", 1));
	return 0;
}
