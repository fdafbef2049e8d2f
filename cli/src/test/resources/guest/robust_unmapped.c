/* Robust mutexes still held at a thread's or the process's end in memory
 * that is gone: the walk of the robust list stops at the bad address, as
 * Linux's does, and the thread or process ends as it asked. */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

static pthread_mutex_t *held_in_fresh_page(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_t *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutex_init(m, &a);
	pthread_mutex_lock(m);
	return m;
}

static void *thread(void *arg)
{
	(void)arg;
	munmap(held_in_fresh_page(), 4096);
	return 0;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, thread, 0);
	pthread_join(t, 0);
	printf("the thread ended\n");
	munmap(held_in_fresh_page(), 4096);
	printf("exiting\n");
	return 0;
}
