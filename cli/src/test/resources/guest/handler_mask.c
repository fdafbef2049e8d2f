/* Calls made by guest code that traps (glibc's, a JVM's): from a signal
 * handler whose mask blocks every signal, as a JVM's handlers do (SIGSYS
 * carries the traps: blocked, the first call ended the process), and
 * sched_getaffinity naming a thread by its id, its own or another's (a
 * JVM's threads do). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int handled;

static void on_usr1(int sig)
{
	(void)sig;
	static const char line[] = "handler: a call from a handler blocking every signal\n";
	if (write(1, line, sizeof line - 1) == (ssize_t)sizeof line - 1 && getppid() >= 0) handled = 1;
}

static const char *affinity_of(pid_t tid)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	return sched_getaffinity(tid, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0 ? "ok" : strerror(errno);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pid_t thread_tid;
static int asked;

static void *thread(void *arg)
{
	(void)arg;
	printf("affinity of a thread by its id: %s\n", affinity_of((pid_t)syscall(SYS_gettid)));
	fflush(stdout);
	pthread_mutex_lock(&lock);
	thread_tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_broadcast(&changed);
	while (!asked) pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigfillset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("handled: %s\n", handled ? "yes" : "no");
	printf("affinity of the main thread by its id: %s\n", affinity_of((pid_t)syscall(SYS_gettid)));
	fflush(stdout);
	pthread_t t;
	pthread_create(&t, NULL, thread, NULL);
	pthread_mutex_lock(&lock);
	while (!thread_tid) pthread_cond_wait(&changed, &lock);
	printf("affinity of another thread by its id: %s\n", affinity_of(thread_tid));
	asked = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	return 0;
}
