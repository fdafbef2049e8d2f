/* Signals that arrive while the process waits in a call the kernel serves
 * (opening a FIFO) keep their siginfo and their queue: a handler's own call
 * that holds a second signal does not make an earlier one's value its own,
 * and three real-time signals queued meanwhile all arrive, in order. */
#include "../conf.h"
static volatile int vals[8], nv, inside;
static volatile int *recorded; /* shared with the sender: how many record has taken */
static void record(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	if (nv < 8) vals[nv++] = si->si_value.sival_int;
	(*recorded)++;
}
/* Its own call to the kernel, during which another signal comes. */
static void opens(int s, siginfo_t *si, void *u)
{
	(void)s, (void)si, (void)u;
	if (!inside++) close(open("/tmp/held_fifo2", O_RDONLY));
}
static void wait_open(const char *fifo) { close(open(fifo, O_RDONLY)); }
static void print(const char *label)
{
	printf("%s:", label);
	for (int i = 0; i < nv; i++) printf(" %d", vals[i]);
	printf("\n");
}
int main(void)
{
	unlink("/tmp/held_fifo1");
	unlink("/tmp/held_fifo2");
	mkfifo("/tmp/held_fifo1", 0600);
	mkfifo("/tmp/held_fifo2", 0600);
	recorded = mmap(NULL, sizeof *recorded, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	must("mmap", recorded == MAP_FAILED ? -1 : 0);
	struct sigaction sa = {.sa_sigaction = record, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGUSR2, &sa, 0);
	sigaction(SIGRTMIN + 2, &sa, 0);
	sa.sa_sigaction = opens;
	sigaction(SIGUSR1, &sa, 0);
	pid_t me = getpid(), c = fork();
	if (c == 0) {
		usleep(100000);
		sigqueue(me, SIGUSR1, (union sigval){.sival_int = 0});
		sigqueue(me, SIGUSR2, (union sigval){.sival_int = 1});
		/* the second SIGUSR2 only once the first has been taken: sent
		 * while the first is still pending, it would be merged with it */
		for (int i = 0; i < 10000 && !*recorded; i++) usleep(1000);
		usleep(100000);
		if (!fork()) {
			close(open("/tmp/held_fifo1", O_WRONLY)); /* ends main's open */
			_exit(0);
		}
		usleep(100000);
		sigqueue(me, SIGUSR2, (union sigval){.sival_int = 2});
		usleep(100000);
		close(open("/tmp/held_fifo2", O_WRONLY)); /* ends the handler's */
		wait(0);
		_exit(0);
	}
	wait_open("/tmp/held_fifo1");
	waitpid(c, 0, 0);
	print("SIGUSR2 values");
	nv = 0;
	c = fork();
	if (c == 0) {
		usleep(100000);
		for (int i = 1; i <= 3; i++) sigqueue(me, SIGRTMIN + 2, (union sigval){.sival_int = 10 + i});
		usleep(100000);
		close(open("/tmp/held_fifo1", O_WRONLY));
		_exit(0);
	}
	wait_open("/tmp/held_fifo1");
	waitpid(c, 0, 0);
	print("real-time values");
	unlink("/tmp/held_fifo1");
	unlink("/tmp/held_fifo2");
	return 0;
}
