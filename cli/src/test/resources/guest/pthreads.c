/* A guest program for the thread tests: several threads, a mutex and a
 * condition variable, __thread variables, pthread_join. Its output does not
 * depend on scheduling. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 8
#define ROUNDS 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;
static long total;
static __thread long mine;

static void *work(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < ROUNDS; i++) {
		mine += id;
		pthread_mutex_lock(&lock);
		total += 1;
		pthread_mutex_unlock(&lock);
	}
	/* Report in id order, each thread waiting for its turn. */
	pthread_mutex_lock(&lock);
	while (turn != id) pthread_cond_wait(&turn_changed, &lock);
	printf("thread %ld: own counter %ld\n", id, mine);
	fflush(stdout);
	turn++;
	pthread_cond_broadcast(&turn_changed);
	pthread_mutex_unlock(&lock);
	return (void *)(mine / ROUNDS);
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
	printf("total %ld, ids %ld, main's own counter %ld\n", total, sum, mine);
	return 0;
}
