/* A producer and a consumer hand over 1000 items through a condition variable. */
#include "../conf.h"
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int slot = -1;
static long sum;
static void *consume(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&m);
		while (slot < 0) pthread_cond_wait(&c, &m);
		sum += slot;
		slot = -1;
		pthread_cond_broadcast(&c);
		pthread_mutex_unlock(&m);
	}
	return NULL;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, consume, NULL);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&m);
		while (slot >= 0) pthread_cond_wait(&c, &m);
		slot = i;
		pthread_cond_broadcast(&c);
		pthread_mutex_unlock(&m);
	}
	pthread_join(t, NULL);
	value("sum", sum);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
	pthread_mutex_lock(&m);
	value("timedwait", pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
	pthread_mutex_unlock(&m);
	return 0;
}
