/* Threads run, return values reach pthread_join in order. */
#include "../conf.h"
static void *run(void *arg) { return (void *)((intptr_t)arg * 2); }
int main(void)
{
	pthread_t t[4];
	for (intptr_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, run, (void *)i);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		printf("thread %d returned %ld\n", i, (long)(intptr_t)r);
	}
	return 0;
}
