/* A hundred threads at once, each joined. */
#include "../conf.h"
static volatile int ran;
static void *run(void *arg) { (void)arg; __atomic_add_fetch(&ran, 1, __ATOMIC_SEQ_CST); usleep(10000); return NULL; }
int main(void)
{
	pthread_t t[100];
	int made = 0;
	for (int i = 0; i < 100; i++) if (!pthread_create(&t[made], NULL, run, NULL)) made++;
	for (int i = 0; i < made; i++) pthread_join(t[i], NULL);
	printf("made %d ran %d\n", made, ran);
	return 0;
}
