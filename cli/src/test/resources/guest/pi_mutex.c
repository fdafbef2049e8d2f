/* Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT), whose lock words the
 * host kernel reads as owner tids: a relock of an error-checking one, a
 * trylock and a timed lock against a holder, contention among threads, and a
 * robust one whose owner thread ends while holding it. Its output does not
 * depend on scheduling. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t m;
static long counter;

static void init(pthread_mutex_t *mu, int type, int robust)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutexattr_settype(&a, type);
	if (robust) pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(mu, &a);
	pthread_mutexattr_destroy(&a);
}

static const char *name(int e) { return e ? strerror(e) : "ok"; }

static void *other(void *arg)
{
	(void)arg;
	printf("trylock from another thread: %s\n", name(pthread_mutex_trylock(&m)));
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 50 * 1000 * 1000;
	if (at.tv_nsec >= 1000000000) at.tv_sec++, at.tv_nsec -= 1000000000;
	printf("timedlock from another thread: %s\n", name(pthread_mutex_timedlock(&m, &at)));
	return 0;
}

static void *add(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&m);
		counter++;
		pthread_mutex_unlock(&m);
	}
	return 0;
}

static void *hold_and_end(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	init(&m, PTHREAD_MUTEX_ERRORCHECK, 0);
	printf("lock: %s\n", name(pthread_mutex_lock(&m)));
	printf("relock: %s\n", name(pthread_mutex_lock(&m)));
	pthread_create(&t[0], 0, other, 0);
	pthread_join(t[0], 0);
	printf("unlock: %s\n", name(pthread_mutex_unlock(&m)));
	printf("unlock again: %s\n", name(pthread_mutex_unlock(&m)));
	pthread_mutex_destroy(&m);

	init(&m, PTHREAD_MUTEX_NORMAL, 0);
	for (int i = 0; i < THREADS; i++) pthread_create(&t[i], 0, add, 0);
	for (int i = 0; i < THREADS; i++) pthread_join(t[i], 0);
	printf("contended counter: %ld of %d\n", counter, THREADS * ROUNDS);
	pthread_mutex_destroy(&m);

	init(&m, PTHREAD_MUTEX_NORMAL, 1);
	pthread_create(&t[0], 0, hold_and_end, 0);
	pthread_join(t[0], 0);
	int e = pthread_mutex_lock(&m);
	printf("robust lock after its owner ended: %s\n", name(e));
	if (e == EOWNERDEAD) printf("consistent: %s\n", name(pthread_mutex_consistent(&m)));
	printf("unlock: %s\n", name(pthread_mutex_unlock(&m)));
	printf("lock again: %s\n", name(pthread_mutex_lock(&m)));
	return 0;
}
