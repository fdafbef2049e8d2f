/* A one-shot handler (SA_RESETHAND) for a signal that arrives while the
 * process is in calls the kernel serves runs once, and the process lives on. */
#include "../conf.h"
static volatile sig_atomic_t got;
static void on(int s) { (void)s; got = 1; }
int main(void)
{
	int ended = 0;
	for (int i = 0; i < 5; i++) {
		got = 0;
		int ready[2];
		if (pipe(ready)) return 1;
		pid_t c = fork();
		if (c == 0) {
			struct sigaction sa = { .sa_handler = on, .sa_flags = SA_RESETHAND };
			sigaction(SIGUSR1, &sa, 0);
			write(ready[1], "", 1);
			struct stat st;
			while (!got) {
				int fd = open("/etc/passwd", O_RDONLY);
				if (fd >= 0) close(fd);
				stat("/etc/hostname", &st);
			}
			struct sigaction now;
			sigaction(SIGUSR1, 0, &now);
			_exit(now.sa_handler == SIG_DFL ? 0 : 2);
		}
		char x;
		read(ready[0], &x, 1);
		usleep(20000);
		kill(c, SIGUSR1);
		int st;
		waitpid(c, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) ended++;
		close(ready[0]);
		close(ready[1]);
	}
	value("children not handled or not reset", ended);
	return 0;
}
