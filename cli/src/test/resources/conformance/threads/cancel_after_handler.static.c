/* A static program (its calls trap: compat mode): a thread blocked in read
 * runs a handler that makes calls of its own, then is cancelled in that
 * same read. */
#include "../conf.h"
static int p[2];
static volatile int hits;
static void on(int sig)
{
	(void)sig;
	hits++;
	write(p[1], "", 0);
}
static void *reader(void *arg)
{
	(void)arg;
	char c;
	read(p[0], &c, 1);
	return NULL;
}
int main(void)
{
	must("pipe", pipe(p));
	struct sigaction sa = {.sa_handler = on, .sa_flags = SA_RESTART};
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, reader, NULL);
	usleep(100000);
	pthread_kill(t, SIGUSR1);
	usleep(100000);
	value("cancel", pthread_cancel(t));
	void *r;
	pthread_join(t, &r);
	yes("PTHREAD_CANCELED", r == PTHREAD_CANCELED);
	value("handler runs", hits);
	return 0;
}
