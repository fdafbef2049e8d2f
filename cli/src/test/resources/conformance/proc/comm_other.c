/* A process names only its own threads: a child writing its parent's comm
 * (/proc/PID/comm or /proc/PID/task/PID/comm) is refused (Linux: EINVAL at
 * the write) and the parent keeps its name. */
#include "../conf.h"
#include <sys/prctl.h>

static void try_write(const char *label, const char *path)
{
	int fd = open(path, O_WRONLY);
	long n = fd < 0 ? -1 : write(fd, "renamed", 7);
	printf("%s: %s\n", label, n == 7 ? "written" : "refused");
	if (fd >= 0) close(fd);
}

int main(void)
{
	char comm[64], task[64];
	prctl(PR_SET_NAME, "parent-name");
	snprintf(comm, sizeof comm, "/proc/%d/comm", (int)getpid());
	snprintf(task, sizeof task, "/proc/%d/task/%d/comm", (int)getpid(), (int)getpid());
	pid_t child = fork();
	if (child == 0) {
		try_write("child writes the parent's comm", comm);
		try_write("child writes the parent's task comm", task);
		first_line("parent's name seen by the child", comm);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	first_line("parent's name", comm);
	try_write("own task comm", task);
	first_line("after its own write", comm);
	return 0;
}
