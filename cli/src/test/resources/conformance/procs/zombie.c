/* An exited child not yet reaped is a zombie (state Z) in /proc; gone once reaped. */
#include "../conf.h"
int main(void)
{
	pid_t c = fork();
	if (c == 0) _exit(0);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	char path[64], buf[256] = {0};
	snprintf(path, sizeof path, "/proc/%d/stat", c);
	int fd = open(path, O_RDONLY);
	read(fd, buf, sizeof buf - 1);
	close(fd);
	char *r = strrchr(buf, ')');
	printf("state: %c\n", r ? r[2] : '?');
	waitpid(c, NULL, 0);
	check("after reaping", access(path, F_OK));
	return 0;
}
