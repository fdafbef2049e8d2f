/* signalfd reads blocked signals as records. */
#include <sys/signalfd.h>
#include "../conf.h"
int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int fd = check("signalfd", signalfd(-1, &set, SFD_NONBLOCK));
	struct signalfd_siginfo si;
	check("read empty", read(fd, &si, sizeof si));
	sigqueue(getpid(), SIGUSR2, (union sigval){.sival_int = 9});
	value("read", read(fd, &si, sizeof si));
	printf("signo %u pid==getpid %s int %d\n", si.ssi_signo, si.ssi_pid == (unsigned)getpid() ? "yes" : "no", si.ssi_int);
	struct pollfd p = {fd, POLLIN, 0};
	value("poll after", poll(&p, 1, 0));
	return 0;
}
