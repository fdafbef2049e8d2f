/* sigtimedwait takes a pending signal, or times out with EAGAIN; sigwaitinfo. */
#include "../conf.h"
int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	struct timespec ts = {0, 50000000};
	siginfo_t si;
	value("timeout", sigtimedwait(&set, &si, &ts));
	raise(SIGUSR1);
	value("pending", sigtimedwait(&set, &si, &ts));
	printf("si_signo %d SI_TKILL %s\n", si.si_signo, si.si_code == SI_TKILL ? "yes" : "no");
	kill(getpid(), SIGUSR1);
	value("sigwaitinfo", sigwaitinfo(&set, &si));
	int sig = 0;
	raise(SIGUSR1);
	value("sigwait", sigwait(&set, &sig));
	value("its signal", sig);
	return 0;
}
