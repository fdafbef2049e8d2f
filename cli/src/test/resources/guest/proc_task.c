/* /proc/self/task: one directory per thread of the process, the thread's
 * own id among them, each with the files a process has (stat, status,
 * comm). Two threads wait while the main thread looks. Prints what it saw. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t ready, done;
static pid_t tids[2];

static void *worker(void *arg)
{
	tids[(long)arg] = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&done);
	return 0;
}

static int readable(pid_t tid, const char *file)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/self/task/%d/%s", (int)tid, file);
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	int n = (int)fread(buf, 1, sizeof buf, f);
	fclose(f);
	return n > 0;
}

int main(void)
{
	pthread_barrier_init(&ready, 0, 3);
	pthread_barrier_init(&done, 0, 3);
	pthread_t t[2];
	for (long i = 0; i < 2; i++) pthread_create(&t[i], 0, worker, (void *)i);
	pthread_barrier_wait(&ready);
	int entries = 0, found = 0;
	DIR *d = opendir("/proc/self/task");
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.') continue;
		entries++;
		int id = atoi(e->d_name);
		if (id == getpid() || id == tids[0] || id == tids[1]) found++;
	}
	if (d) closedir(d);
	printf("task entries %d, ours %d, thread stat %d, status %d, comm %d, main stat %d\n", entries, found,
	       readable(tids[0], "stat"), readable(tids[1], "status"), readable(tids[1], "comm"), readable(getpid(), "stat"));
	pthread_barrier_wait(&done);
	for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
	return 0;
}
