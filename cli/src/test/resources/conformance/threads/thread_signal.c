/* pthread_kill delivers to the chosen thread; a process signal goes to a thread not blocking it. */
#include "../conf.h"
static volatile pid_t handled_by;
static void on(int s) { (void)s; handled_by = syscall(SYS_gettid); }
static pid_t worker_tid;
static pthread_barrier_t bar;
static void *run(void *arg)
{
	(void)arg;
	worker_tid = syscall(SYS_gettid);
	sigset_t set;
	sigemptyset(&set);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
	pthread_barrier_wait(&bar);
	pthread_barrier_wait(&bar);
	return NULL;
}
int main(void)
{
	signal(SIGUSR1, on);
	pthread_barrier_init(&bar, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	pthread_barrier_wait(&bar);
	pthread_kill(t, SIGUSR1);
	while (!handled_by) usleep(1000);
	yes("pthread_kill: handled by the worker", handled_by == worker_tid);
	handled_by = 0;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	while (!handled_by) usleep(1000);
	yes("kill: handled by the thread not blocking it", handled_by == worker_tid);
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	return 0;
}
