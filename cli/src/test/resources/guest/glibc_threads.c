/* A threaded glibc program (built with the host's gcc): threads contending
 * for a mutex, a condition variable, thread-local storage, then fork and
 * exec. Its output does not depend on scheduling. */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 8
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static long counter;
static int started;
static __thread long mine;

static void *work(void *arg)
{
	pthread_mutex_lock(&lock);
	started++;
	pthread_cond_broadcast(&turn);
	while (started < THREADS) pthread_cond_wait(&turn, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		mine++;
	}
	return (void *)(mine + (long)arg);
}

int main(void)
{
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++) pthread_create(&t[i], 0, work, (void *)i);
	long sum = 0;
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("counter %ld, thread-local sum %ld, main's own %ld\n", counter, sum, mine);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		execl("/bin/echo", "echo", "exec from a fork", (char *)0);
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	printf("child exited %d\n", WEXITSTATUS(status));
	return 0;
}
