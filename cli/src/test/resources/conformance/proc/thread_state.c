/* The state /proc shows for each thread of the reading process: the thread
 * reading is running (R), a thread asleep in a read is sleeping (S), in
 * /proc/self/task/TID/stat and status alike and whichever thread reads.
 * Lamina showed every thread of the reader as running (its host threads
 * wait on the kernel while it answers the read, so the reader's are set to
 * R, and the others were too; found by the forty-first session's Go probe). */
#include "../conf.h"

static int sleeper_pipe[2];
static pid_t sleeper_tid;

static void *sleeper(void *arg)
{
	(void)arg;
	__atomic_store_n(&sleeper_tid, gettid(), __ATOMIC_RELEASE);
	char b;
	read(sleeper_pipe[0], &b, 1);
	return NULL;
}

/* The state letter of one of this process's threads. */
static char stat_state(pid_t tid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
	return task_state(path);
}

/* The State line of status, without its tab. */
static const char *status_state(const char *path)
{
	static char line[256];
	FILE *f = fopen(path, "r");
	if (!f) return "?";
	char buf[256];
	strcpy(line, "?");
	while (fgets(buf, sizeof buf, f))
		if (!strncmp(buf, "State:\t", 7)) {
			snprintf(line, sizeof line, "%s", buf + 7);
			line[strcspn(line, "\n")] = 0;
		}
	fclose(f);
	return line;
}

static void show(const char *who, pid_t tid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
	printf("%s: stat %c, status %s\n", who, stat_state(tid), status_state(path));
}

static void *reader(void *arg)
{
	(void)arg;
	show("the sleeper, read by another thread", sleeper_tid);
	show("a thread reading its own", gettid());
	/* the main thread is asleep in pthread_join: once it has got there (it may
	 * not have yet, just back from pthread_create on a loaded machine) */
	for (int i = 0; i < 200 && stat_state(getpid()) != 'S'; i++) usleep(10000);
	printf("the process, read by another thread: %s\n", status_state("/proc/self/status"));
	return NULL;
}

int main(void)
{
	must("pipe", pipe(sleeper_pipe));
	pthread_t t;
	pthread_create(&t, NULL, sleeper, NULL);
	/* Asleep once the host says so; bounded: 200 tries of 10 ms. */
	while (!__atomic_load_n(&sleeper_tid, __ATOMIC_ACQUIRE)) usleep(1000);
	for (int i = 0; i < 200 && stat_state(sleeper_tid) != 'S'; i++) usleep(10000);
	show("the sleeper", sleeper_tid);
	show("the main thread reading its own", gettid());
	printf("the process, read by its main thread: %s\n", status_state("/proc/self/status"));
	pthread_t r;
	pthread_create(&r, NULL, reader, NULL);
	pthread_join(r, NULL);
	write(sleeper_pipe[1], "x", 1);
	pthread_join(t, NULL);
	return 0;
}
