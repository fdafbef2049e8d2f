/* Thread names: pthread_setname_np of another thread (a write to its
 * /proc/self/task/TID/comm) and prctl(PR_SET_NAME) in a thread show in that
 * thread's comm, and only there. */
#include "../conf.h"
#include <sys/prctl.h>

static pthread_barrier_t step;
static volatile pid_t tid;

static void *worker(void *arg)
{
	(void)arg;
	tid = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&step); /* named by main */
	pthread_barrier_wait(&step);
	prctl(PR_SET_NAME, "self-named");
	pthread_barrier_wait(&step);
	pthread_barrier_wait(&step); /* read by main */
	return NULL;
}

static void comm(const char *label, pid_t t)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)t);
	first_line(label, path);
}

int main(void)
{
	pthread_t t;
	pthread_barrier_init(&step, NULL, 2);
	prctl(PR_SET_NAME, "main-thread");
	pthread_create(&t, NULL, worker, NULL);
	pthread_barrier_wait(&step);
	printf("setname: %s\n", errname(pthread_setname_np(t, "worker-1")));
	comm("worker", tid);
	comm("main", (pid_t)getpid());
	pthread_barrier_wait(&step);
	pthread_barrier_wait(&step);
	comm("worker after its prctl", tid);
	pthread_barrier_wait(&step);
	pthread_join(t, NULL);
	return 0;
}
