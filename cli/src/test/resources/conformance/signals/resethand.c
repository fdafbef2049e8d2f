/* SA_RESETHAND: the second signal takes the default action. */
#include "../conf.h"
static void on(int s) { (void)s; write(1, "handler\n", 8); }
int main(void)
{
	pid_t c = fork();
	if (c == 0) {
		struct sigaction sa = {.sa_handler = on, .sa_flags = SA_RESETHAND};
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		struct sigaction now;
		sigaction(SIGUSR1, NULL, &now);
		printf("reset to default: %s\n", now.sa_handler == SIG_DFL ? "yes" : "no");
		raise(SIGUSR1);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return 0;
}
