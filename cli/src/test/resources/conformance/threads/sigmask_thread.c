/* A new thread inherits its creator's signal mask; pthread_sigmask changes only the caller's. */
#include "../conf.h"
static void *run(void *arg)
{
	(void)arg;
	sigset_t cur;
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	printf("thread: SIGUSR1 blocked %s SIGUSR2 blocked %s\n", sigismember(&cur, SIGUSR1) ? "yes" : "no", sigismember(&cur, SIGUSR2) ? "yes" : "no");
	sigset_t more;
	sigemptyset(&more);
	sigaddset(&more, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &more, NULL);
	return NULL;
}
int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	pthread_join(t, NULL);
	sigset_t cur;
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	printf("main: SIGUSR2 blocked %s\n", sigismember(&cur, SIGUSR2) ? "yes" : "no");
	return 0;
}
