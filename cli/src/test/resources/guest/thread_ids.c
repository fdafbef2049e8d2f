/* A thread's id as other calls name it: kill() of a thread's id signals its
 * process (Linux finds the thread, then signals its group), and /proc/TID
 * answers for the thread, though /proc lists processes only. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile pid_t tid;
static volatile int handled;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void on_usr1(int sig) { (void)sig; handled++; }

static void *thread(void *arg)
{
	(void)arg;
	tid = (pid_t)syscall(SYS_gettid);
	pthread_mutex_lock(&lock); /* held by main until it is done */
	pthread_mutex_unlock(&lock);
	return 0;
}

/* The value of a "Name:" line of /proc/ID/status, or -1. */
static long status_field(pid_t id, const char *name)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", id);
	FILE *f = fopen(path, "r");
	if (!f) return -1;
	long v = -1;
	size_t n = strlen(name);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, name, n) && line[n] == ':') v = strtol(line + n + 1, 0, 10);
	fclose(f);
	return v;
}

int main(void)
{
	alarm(10);
	signal(SIGUSR1, on_usr1);
	pthread_mutex_lock(&lock);
	pthread_t th;
	if (pthread_create(&th, 0, thread, 0)) return 1;
	for (int i = 0; i < 1000 && !tid; i++) usleep(1000);
	if (!tid) return 2;
	int r = kill(tid, SIGUSR1);
	for (int i = 0; i < 1000 && !handled; i++) usleep(1000);
	printf("kill of the thread's id: %s, handled: %s\n", r ? "failed" : "ok", handled ? "yes" : "no");
	printf("/proc/TID/status: Pid is the thread's: %s, Tgid the process's: %s\n",
	       status_field(tid, "Pid") == tid ? "yes" : "no", status_field(tid, "Tgid") == getpid() ? "yes" : "no");
	char path[64];
	snprintf(path, sizeof path, "/proc/%d", tid);
	printf("/proc/TID exists: %s\n", access(path, F_OK) ? "no" : "yes");
	int listed = 0;
	DIR *d = opendir("/proc");
	for (struct dirent *e; d && (e = readdir(d));) listed |= atoi(e->d_name) == tid;
	if (d) closedir(d);
	printf("/proc lists it: %s\n", listed ? "yes" : "no");
	printf("kill of an id no one has: %s\n", kill(99999, 0) ? "ESRCH" : "ok");
	pthread_mutex_unlock(&lock);
	pthread_join(th, 0);
	return 0;
}
