/* /proc/PID of a child exists while it lives; its comm and status name it. */
#include "../conf.h"
#include "procfile.h"
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
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", c);
	char *s = slurp(path);
	printf("comm: %s", s ? s : "none\n");
	snprintf(path, sizeof path, "/proc/%d/status", c);
	s = slurp(path);
	yes("PPid == us", s && field(s, "PPid") == getpid());
	write(p[1], "x", 1);
	waitpid(c, NULL, 0);
	snprintf(path, sizeof path, "/proc/%d", c);
	check("after reaping", access(path, F_OK));
	return 0;
}
