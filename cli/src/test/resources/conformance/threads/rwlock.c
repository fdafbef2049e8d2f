/* A read-write lock: readers share, a writer excludes; trylock results. */
#include "../conf.h"
static pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
static void *try_read(void *arg) { (void)arg; int r = pthread_rwlock_tryrdlock(&l); if (!r) pthread_rwlock_unlock(&l); return (void *)(intptr_t)r; }
static void *try_write(void *arg) { (void)arg; int r = pthread_rwlock_trywrlock(&l); if (!r) pthread_rwlock_unlock(&l); return (void *)(intptr_t)r; }
static const char *run(void *(*f)(void *))
{
	pthread_t t;
	void *r;
	pthread_create(&t, NULL, f, NULL);
	pthread_join(t, &r);
	return r ? errname((int)(intptr_t)r) : "ok";
}
int main(void)
{
	pthread_rwlock_rdlock(&l);
	printf("read while read-locked: %s\n", run(try_read));
	printf("write while read-locked: %s\n", run(try_write));
	pthread_rwlock_unlock(&l);
	pthread_rwlock_wrlock(&l);
	printf("read while write-locked: %s\n", run(try_read));
	pthread_rwlock_unlock(&l);
	printf("write when free: %s\n", run(try_write));
	return 0;
}
