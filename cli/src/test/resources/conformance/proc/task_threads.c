/* /proc/self/task/TID/stat and status of another thread are that thread's:
 * its id and name (ps -L and top's thread view read them). */
#include "../conf.h"
#include "procfile.h"
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
static volatile int tid, done;
static void *worker(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "worker");
	tid = (int)syscall(SYS_gettid);
	while (!done) usleep(1000);
	return 0;
}
int main(void)
{
	prctl(PR_SET_NAME, "main-thread");
	pthread_t t;
	pthread_create(&t, 0, worker, 0);
	while (!tid) usleep(1000);
	char path[64], name[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
	char *s = slurp(path);
	yes("stat starts with the thread's id", s && atoi(s) == tid);
	printf("stat's name: %s\n", s && sscanf(s, "%*d (%63[^)])", name) == 1 ? name : "none");
	snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
	s = slurp(path);
	yes("status Pid is the thread's id", s && field(s, "Pid") == tid);
	yes("status Tgid is the process's", s && field(s, "Tgid") == getpid());
	printf("status %s", s && strstr(s, "Name:\tworker\n") ? "names the worker\n" : "does not name the worker\n");
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", getpid());
	s = slurp(path);
	printf("main's stat name: %s\n", s && sscanf(s, "%*d (%63[^)])", name) == 1 ? name : "none");
	done = 1;
	pthread_join(t, 0);
	return 0;
}
