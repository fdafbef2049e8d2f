/* Four threads add under a mutex: no increment is lost. */
#include "../conf.h"
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *run(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200000; i++) {
		pthread_mutex_lock(&m);
		counter++;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}
int main(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, run, NULL);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	value("counter", counter);
	return 0;
}
