/* pthread_cancel of a thread waiting on a condition variable: it ends with PTHREAD_CANCELED, cleanup runs. */
#include "../conf.h"
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int cleaned;
static void cleanup(void *arg) { (void)arg; cleaned = 1; pthread_mutex_unlock(&m); }
static void *run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cleanup_push(cleanup, NULL);
	for (;;) pthread_cond_wait(&c, &m);
	pthread_cleanup_pop(0);
	return NULL;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	usleep(50000);
	value("cancel", pthread_cancel(t));
	void *r;
	pthread_join(t, &r);
	yes("PTHREAD_CANCELED", r == PTHREAD_CANCELED);
	yes("cleanup ran", cleaned);
	return 0;
}
