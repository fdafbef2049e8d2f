/* pthread_cancel of a thread waiting in a FIFO's open (a cancellation
 * point, served by the kernel): the thread is cancelled there, though
 * musl's cancellation handler has SA_RESTART. */
#include "../conf.h"
static void *opener(void *arg)
{
	(void)arg;
	open("/tmp/cancel_fifo_open", O_RDONLY);
	printf("open returned\n");
	return 0;
}
int main(void)
{
	unlink("/tmp/cancel_fifo_open");
	must("mkfifo", mkfifo("/tmp/cancel_fifo_open", 0600));
	pthread_t t;
	pthread_create(&t, 0, opener, 0);
	usleep(100000);
	pthread_cancel(t);
	/* if the open goes on waiting, the other end ends it after 2 s */
	int done = 0;
	for (int i = 0; i < 200 && !done; i++) {
		usleep(10000);
		done = pthread_tryjoin_np(t, 0) == 0;
	}
	if (!done) {
		int fd = open("/tmp/cancel_fifo_open", O_WRONLY | O_NONBLOCK);
		void *r;
		pthread_join(t, &r);
		if (fd >= 0) close(fd);
	}
	yes("cancelled in the open", done);
	unlink("/tmp/cancel_fifo_open");
	return 0;
}
