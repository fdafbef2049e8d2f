/* A child forked by a thread other than the main one signals its parent's
 * threads by id (tkill of the parent's main thread, whose id is its pid, and
 * of the forking thread): both arrive. The child's init host kept the
 * parent's thread table and sent each within its own process, where the
 * host found no such thread: ESRCH (found by the forty-second session's
 * review). */
#include "../conf.h"

static volatile sig_atomic_t got;
static pid_t forker_tid;

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&got, 1, __ATOMIC_SEQ_CST); /* both threads' handlers may run at once */
}

static void *forker(void *arg)
{
	(void)arg;
	forker_tid = gettid();
	pid_t parent = getpid();
	pid_t c = fork();
	if (c == 0) {
		check("child: tkill of the parent's main thread", syscall(SYS_tkill, parent, SIGUSR1));
		check("child: tkill of the thread that forked it", syscall(SYS_tkill, forker_tid, SIGUSR1));
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return NULL;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	pthread_t t;
	pthread_create(&t, NULL, forker, NULL);
	pthread_join(t, NULL);
	/* bounded: both are sent before the child ends; 100 tries of 10 ms */
	for (int i = 0; i < 100 && got < 2; i++) usleep(10000);
	printf("signals arrived: %d\n", (int)got);
	return 0;
}
