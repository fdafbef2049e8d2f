/* The sender sigwaitinfo and sigtimedwait report: a child's pid and uid as
 * the caller names them. */
#include "../conf.h"
int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		kill(parent, SIGUSR1);
		kill(parent, SIGUSR2);
		_exit(0);
	}
	siginfo_t si;
	value("sigwaitinfo", sigwaitinfo(&set, &si));
	yes("its sender is the child", si.si_pid == child);
	value("its sender's uid", si.si_uid);
	struct timespec ts = {5, 0};
	value("sigtimedwait", sigtimedwait(&set, &si, &ts));
	yes("its sender is the child", si.si_pid == child);
	waitpid(child, NULL, 0);
	return 0;
}
