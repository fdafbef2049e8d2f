/* execve keeps ignored signals ignored and the mask, and resets handlers to default. */
#include "../conf.h"
static void on(int s) { (void)s; }
int main(int argc, char **argv)
{
	if (argc > 1) {
		struct sigaction sa;
		sigaction(SIGUSR1, NULL, &sa);
		printf("SIGUSR1 ignored: %s\n", sa.sa_handler == SIG_IGN ? "yes" : "no");
		sigaction(SIGUSR2, NULL, &sa);
		printf("SIGUSR2 default: %s\n", sa.sa_handler == SIG_DFL ? "yes" : "no");
		sigset_t cur;
		sigprocmask(SIG_BLOCK, NULL, &cur);
		printf("SIGTERM blocked: %s\n", sigismember(&cur, SIGTERM) ? "yes" : "no");
		return 0;
	}
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, on);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	return 1;
}
