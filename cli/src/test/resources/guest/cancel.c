/* pthread_cancel of a thread blocked in a cancellable call: in read on an
 * empty pipe, in pthread_cond_wait, in nanosleep. Each thread is cancelled
 * where it blocks (its cleanup handler runs, and pthread_join gets
 * PTHREAD_CANCELED); an alarm ends the program if a cancel never acts. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static volatile int blocked;

static void cleanup(void *what)
{
	printf("cleanup: %s\n", (const char *)what);
}

static void *in_read(void *arg)
{
	char c;
	pthread_cleanup_push(cleanup, "read");
	blocked = 1;
	read(pipe_fds[0], &c, 1);
	pthread_cleanup_pop(0);
	return arg;
}

static void unlock(void *arg)
{
	(void)arg;
	pthread_mutex_unlock(&lock);
	printf("cleanup: cond_wait (the mutex held again)\n");
}

static void *in_cond_wait(void *arg)
{
	pthread_mutex_lock(&lock);
	pthread_cleanup_push(unlock, 0);
	blocked = 1;
	for (;;) pthread_cond_wait(&cond, &lock);
	pthread_cleanup_pop(0);
	return arg;
}

static void *in_sleep(void *arg)
{
	pthread_cleanup_push(cleanup, "nanosleep");
	blocked = 1;
	struct timespec ts = { 100, 0 };
	nanosleep(&ts, 0);
	pthread_cleanup_pop(0);
	return arg;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "a cancel never acted\n";
	write(1, msg, sizeof msg - 1);
	_exit(1);
}

static void cancel(const char *name, void *(*fn)(void *))
{
	pthread_t t;
	blocked = 0;
	pthread_create(&t, 0, fn, 0);
	while (!blocked) usleep(1000);
	usleep(50000); /* in the call by now */
	pthread_cancel(t);
	void *r;
	pthread_join(t, &r);
	printf("%s: %s\n", name, r == PTHREAD_CANCELED ? "cancelled" : "returned");
	fflush(stdout);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(20);
	setvbuf(stdout, 0, _IONBF, 0);
	pipe(pipe_fds);
	cancel("read on a pipe", in_read);
	cancel("pthread_cond_wait", in_cond_wait);
	cancel("nanosleep", in_sleep);
	pthread_mutex_lock(&lock);
	printf("the mutex is free again\n");
	return 0;
}
