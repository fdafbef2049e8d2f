/* A FIFO's open that waits for the other end (a call the kernel serves) is
 * interrupted by a signal the process handles: the handler runs while the
 * open waits; with SA_RESTART the open goes on waiting afterwards and
 * succeeds once the other end comes, without it the open fails with EINTR.
 * Both for a reader and for a writer. */
#include "../conf.h"
static volatile int *shared; /* [0]: handlers run, [1]: the open returned */
static void on(int s)
{
	(void)s;
	shared[0]++;
}
/* Waits (at most 2 s) for shared[i] to become nonzero: whether it did. */
static int awaited(int i)
{
	for (int n = 0; n < 2000 && !shared[i]; n++) usleep(1000);
	return shared[i] != 0;
}
static void attempt(const char *label, int restart, int flags)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = restart ? SA_RESTART : 0};
	sigaction(SIGUSR1, &sa, 0);
	shared[0] = shared[1] = 0;
	pid_t me = getpid(), c = fork();
	if (c == 0) {
		usleep(100000);
		kill(me, SIGUSR1);
		int ran = awaited(0);
		/* the other end, when the open still waits or is made again: it
		 * ends an open that was not interrupted (O_RDWR: both ends, which
		 * never waits, and is there whenever the open comes back) */
		int other = -1;
		if (restart || !awaited(1)) other = open("/tmp/fifo_open_signal", O_RDWR);
		awaited(1);
		usleep(50000);
		if (other >= 0) close(other);
		_exit(ran ? 0 : 1);
	}
	int fd = open("/tmp/fifo_open_signal", flags);
	int e = errno;
	shared[1] = 1;
	printf("%s: open %s\n", label, fd >= 0 ? "ok" : errname(e));
	printf("%s: handlers run: %d\n", label, shared[0]);
	int st;
	waitpid(c, &st, 0);
	printf("%s: handler ran while the open waited: %s\n", label, WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
	if (fd >= 0) close(fd);
}
int main(void)
{
	unlink("/tmp/fifo_open_signal");
	must("mkfifo", mkfifo("/tmp/fifo_open_signal", 0600));
	shared = mmap(NULL, 2 * sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	must("mmap", shared == MAP_FAILED ? -1 : 0);
	attempt("reader, SA_RESTART", 1, O_RDONLY);
	attempt("reader, no SA_RESTART", 0, O_RDONLY);
	attempt("writer, SA_RESTART", 1, O_WRONLY);
	attempt("writer, no SA_RESTART", 0, O_WRONLY);
	unlink("/tmp/fifo_open_signal");
	return 0;
}
