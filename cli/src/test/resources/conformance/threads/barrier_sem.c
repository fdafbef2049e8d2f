/* A barrier releases all at once with one serial thread; a semaphore counts. */
#include <semaphore.h>
#include "../conf.h"
static pthread_barrier_t b;
static volatile int serial;
static void *run(void *arg) { (void)arg; if (pthread_barrier_wait(&b) == PTHREAD_BARRIER_SERIAL_THREAD) __atomic_add_fetch(&serial, 1, __ATOMIC_SEQ_CST); return NULL; }
int main(void)
{
	pthread_barrier_init(&b, NULL, 4);
	pthread_t t[3];
	for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, run, NULL);
	run(NULL);
	for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
	value("serial threads", serial);
	sem_t s;
	sem_init(&s, 0, 2);
	value("trywait", sem_trywait(&s));
	value("trywait", sem_trywait(&s));
	check("trywait empty", sem_trywait(&s));
	sem_post(&s);
	int v;
	sem_getvalue(&s, &v);
	value("value", v);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 10000000;
	if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
	sem_wait(&s);
	check("timedwait", sem_timedwait(&s, &ts));
	return 0;
}
