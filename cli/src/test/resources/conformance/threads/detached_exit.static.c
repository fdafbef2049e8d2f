/* A static program (its calls trap: compat mode) whose detached threads run
 * to their end: musl's thread exit unmaps the stack it runs on, then exits. */
#include <semaphore.h>
#include "../conf.h"
static sem_t started;
static void *run(void *arg) { (void)arg; sem_post(&started); return NULL; }
static int threads(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	if (!d) return -1;
	for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
	closedir(d);
	return n;
}
int main(void)
{
	sem_init(&started, 0, 0);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 4; i++) {
		pthread_t t;
		value("create detached", pthread_create(&t, &a, run, NULL));
	}
	for (int i = 0; i < 4; i++) sem_wait(&started);
	for (int i = 0; i < 2000 && threads() > 1; i++) usleep(1000);
	value("threads left", threads());
	return 0;
}
