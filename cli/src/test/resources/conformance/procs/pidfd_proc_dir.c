/* A descriptor of a /proc/PID directory is a pidfd to pidfd_send_signal, as
 * psmisc's killall uses it; a pidfd_open one too; a plain file's is EBADF. */
#include "../conf.h"
int main(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (;;) pause();
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d", (int)child);
	int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	yes("opened /proc/PID", dir >= 0);
	check("signal 0 through it", syscall(SYS_pidfd_send_signal, dir, 0, NULL, 0));
	check("SIGTERM through it", syscall(SYS_pidfd_send_signal, dir, SIGTERM, NULL, 0));
	int st;
	waitpid(child, &st, 0);
	status("child", st);
	int file = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	check("a file's descriptor", syscall(SYS_pidfd_send_signal, file, 0, NULL, 0));
	pid_t other = fork();
	if (other == 0) {
		for (;;) pause();
	}
	int pidfd = (int)syscall(SYS_pidfd_open, other, 0);
	check("pidfd_open's", syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0));
	waitpid(other, &st, 0);
	status("other", st);
	return 0;
}
