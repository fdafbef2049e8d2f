/* Opens of a name that a thread keeps exchanging between a regular file
 * and a FIFO (renameat2 RENAME_EXCHANGE), read-only and write-only: an open
 * that finds the FIFO waits for its other end, and a signal (an interval
 * timer, no SA_RESTART) ends it with EINTR, as Linux does. In Lamina the
 * kernel watched an open for the guest's signals only when its resolution
 * had seen a FIFO: one swapped in between waited unwatched, for ever. */
#include "../conf.h"

static volatile int stop;

static void *exchange(void *arg)
{
	(void)arg;
	while (!stop) syscall(SYS_renameat2, AT_FDCWD, "swap-a", AT_FDCWD, "swap-b", 2 /* RENAME_EXCHANGE */);
	return NULL;
}

static void tick(int sig) { (void)sig; }

/* Opens swap-a with flags for about a second; returns whether every open ended (it got here). */
static int opens(int flags)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		int fd = open("swap-a", flags);
		if (fd >= 0) close(fd);
		else if (errno != EINTR && errno != ENOENT) printf("open: %s\n", errname(errno));
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 1);
	return 1;
}

int main(void)
{
	unlink("swap-a");
	unlink("swap-b");
	put("swap-a", "x");
	must("mkfifo", mkfifo("swap-b", 0666));
	struct sigaction sa = {.sa_handler = tick};
	must("sigaction", sigaction(SIGALRM, &sa, NULL));
	struct itimerval every = {{0, 20000}, {0, 20000}};
	must("setitimer", setitimer(ITIMER_REAL, &every, NULL));
	pthread_t t;
	must("pthread_create", pthread_create(&t, NULL, exchange, NULL));
	yes("read-only opens ended", opens(O_RDONLY));
	yes("write-only opens ended", opens(O_WRONLY));
	stop = 1;
	pthread_join(t, NULL);
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, NULL);
	unlink("swap-a");
	unlink("swap-b");
	return 0;
}
