/* A read interrupted by a handled signal: EINTR without SA_RESTART, resumed with it.
 * The child signals every 50 ms for a second, so some signal lands while the read waits. */
#include "../conf.h"
static void on(int s) { (void)s; }
static void run(int flags)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = flags};
	sigaction(SIGUSR1, &sa, NULL);
	int p[2];
	pipe(p);
	pid_t parent = getpid();
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 20; i++) {
			usleep(50000);
			kill(parent, SIGUSR1);
		}
		write(p[1], "x", 1);
		for (;;) pause();
	}
	char ch;
	long r = read(p[0], &ch, 1);
	printf("%s: %s\n", flags ? "SA_RESTART" : "no SA_RESTART", r < 0 ? errname(errno) : "read the byte");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	close(p[0]);
	close(p[1]);
}
int main(void)
{
	run(0);
	run(SA_RESTART);
	return 0;
}
