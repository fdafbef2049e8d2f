/* Threads share the pid and have their own tids; /proc/self/task lists them. */
#include "../conf.h"
static pid_t tid;
static pthread_barrier_t bar;
static void *run(void *arg)
{
	(void)arg;
	tid = syscall(SYS_gettid);
	yes("thread's getpid == main's", getpid() == (pid_t)(intptr_t)arg);
	pthread_barrier_wait(&bar);
	pthread_barrier_wait(&bar);
	return NULL;
}
int main(void)
{
	pthread_barrier_init(&bar, NULL, 2);
	pthread_t t;
	pthread_create(&t, NULL, run, (void *)(intptr_t)getpid());
	pthread_barrier_wait(&bar);
	yes("tid != pid", tid != getpid());
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d", tid);
	check("its task directory", access(path, F_OK));
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	for (struct dirent *e; d && (e = readdir(d)); ) if (e->d_name[0] != '.') n++;
	value("tasks", n);
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	return 0;
}
