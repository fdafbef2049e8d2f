/* A detached thread runs to its end; joining it is EINVAL. */
#include <semaphore.h>
#include "../conf.h"
static sem_t done;
static void *run(void *arg) { (void)arg; sem_post(&done); return NULL; }
int main(void)
{
	sem_init(&done, 0, 0);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_t t;
	value("create detached", pthread_create(&t, &a, run, NULL));
	sem_wait(&done);
	printf("ran\n");
	pthread_t u;
	pthread_create(&u, NULL, run, NULL);
	value("pthread_detach", pthread_detach(u));
	sem_wait(&done);
	return 0;
}
