/* A zombie's /proc files: its state Z, and no arguments left (ps shows "[name] <defunct>"). */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	pid_t c = must("fork", fork());
	if (c == 0) _exit(0);
	siginfo_t info;
	/* ended, not reaped */
	must("waitid", waitid(P_PID, (id_t)c, &info, WEXITED | WNOWAIT));
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)c);
	int fd = must("open cmdline", open(path, O_RDONLY));
	char buf[256];
	value("cmdline bytes", read(fd, buf, sizeof buf));
	close(fd);
	snprintf(path, sizeof path, "/proc/%d/stat", (int)c);
	char *stat = slurp(path);
	char *end = stat ? strrchr(stat, ')') : NULL;
	printf("state: %c\n", end ? end[2] : '?');
	waitpid(c, NULL, 0);
	return 0;
}
