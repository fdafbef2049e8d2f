/* A hostile guest keeps a child that has exited unwaited (its host pid may be another
 * process's once the kernel has reaped it) and opens the child's /proc files that the
 * kernel opens on the host by number: oom_score_adj for writing, which would let it raise a
 * host process's OOM score. Prints each open's result. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();
	if (child == 0) _exit(0);
	siginfo_t info;
	waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT); /* until it has ended, left unwaited (a fixed 300 ms may not be enough on a loaded machine) */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/oom_score_adj", (int)child);
	int fd = open(path, O_WRONLY);
	printf("open an ended child's oom_score_adj: %s\n", fd >= 0 ? "opened" : strerror(errno));
	snprintf(path, sizeof path, "/proc/%d/oom_score_adj", (int)getpid());
	fd = open(path, O_WRONLY);
	printf("open its own: %s\n", fd >= 0 ? "opened" : strerror(errno));
	printf("raise its own: %s\n", fd >= 0 && write(fd, "500", 3) == 3 ? "ok" : strerror(errno));
	return 0;
}
