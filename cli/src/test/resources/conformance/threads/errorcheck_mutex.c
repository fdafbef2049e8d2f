/* Error-checking and recursive mutexes; trylock on a locked one. */
#include "../conf.h"
static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static void *try(void *arg) { (void)arg; return (void *)(intptr_t)pthread_mutex_trylock(&plain); }
int main(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t e;
	pthread_mutex_init(&e, &a);
	pthread_mutex_lock(&e);
	printf("relock errorcheck: %s\n", errname(pthread_mutex_lock(&e)));
	pthread_mutex_unlock(&e);
	printf("unlock unlocked: %s\n", errname(pthread_mutex_unlock(&e)));
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_t r;
	pthread_mutex_init(&r, &a);
	pthread_mutex_lock(&r);
	printf("relock recursive: %s\n", errname(pthread_mutex_lock(&r)));
	pthread_mutex_lock(&plain);
	pthread_t t;
	void *res;
	pthread_create(&t, NULL, try, NULL);
	pthread_join(t, &res);
	printf("trylock from another thread: %s\n", errname((int)(intptr_t)res));
	return 0;
}
