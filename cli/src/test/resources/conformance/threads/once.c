/* pthread_once runs its routine once across racing threads. */
#include "../conf.h"
static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int runs;
static void init(void) { usleep(10000); runs++; }
static void *run(void *arg) { (void)arg; pthread_once(&once, init); return NULL; }
int main(void)
{
	pthread_t t[8];
	for (int i = 0; i < 8; i++) pthread_create(&t[i], NULL, run, NULL);
	for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
	value("runs", runs);
	return 0;
}
