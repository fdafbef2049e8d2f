/* Thread-local storage: each thread has its own copy; pthread keys with destructors. */
#include "../conf.h"
static __thread int mine = 5;
static pthread_key_t key;
static volatile int destroyed;
static void destroy(void *v) { (void)v; __atomic_add_fetch(&destroyed, 1, __ATOMIC_SEQ_CST); } /* two threads may end at once */
static void *run(void *arg)
{
	mine += (int)(intptr_t)arg;
	pthread_setspecific(key, arg);
	return (void *)(intptr_t)mine;
}
int main(void)
{
	pthread_key_create(&key, destroy);
	pthread_t a, b;
	pthread_create(&a, NULL, run, (void *)1);
	pthread_create(&b, NULL, run, (void *)2);
	void *ra, *rb;
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	printf("a %ld b %ld main %d destructors %d\n", (long)(intptr_t)ra, (long)(intptr_t)rb, mine, destroyed);
	return 0;
}
