/* A process just forked that names itself: raise() in it, and in one forked
 * by a signal handler, and getpgrp() after setpgid(0, 0). The child acts
 * before its parent may have told anyone it exists (Lamina's kernel learns
 * of a child from its parent). Prints how many of the tries went wrong. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRIES 200

static volatile sig_atomic_t got;
static int failed;

static void count(int sig) { (void)sig; got++; }

/* A child that raises SIGUSR2 and reports: 0 delivered once, else 1, or 100 + errno. */
static void child_raises(void)
{
	pid_t p = fork();
	if (p == 0) {
		got = 0;
		int r = raise(SIGUSR2);
		_exit(r ? 100 + errno : got == 1 ? 0 : 1);
	}
	int status;
	if (p < 0 || waitpid(p, &status, 0) != p || !WIFEXITED(status) || WEXITSTATUS(status)) failed++;
}

static void fork_in_handler(int sig) { (void)sig; child_raises(); }

int main(void)
{
	signal(SIGUSR2, count);
	signal(SIGUSR1, fork_in_handler);
	failed = 0;
	for (int i = 0; i < TRIES; i++) child_raises();
	printf("raise in a child just forked: %d of %d failed\n", failed, TRIES);
	failed = 0;
	for (int i = 0; i < TRIES; i++)
		if (raise(SIGUSR1)) failed++;
	printf("raise in a child a handler forked: %d of %d failed\n", failed, TRIES);
	failed = 0;
	for (int i = 0; i < TRIES; i++) {
		pid_t p = fork();
		if (p == 0) {
			setpgid(0, 0);
			_exit(getpgrp() == getpid() && getpgid(0) == getpid() ? 0 : 1);
		}
		int status;
		if (p < 0 || waitpid(p, &status, 0) != p || !WIFEXITED(status) || WEXITSTATUS(status)) failed++;
	}
	printf("its own group after setpgid(0, 0) in a child just forked: %d of %d wrong\n", failed, TRIES);
	got = 0;
	kill(getpid(), SIGUSR2);
	printf("kill of its own pid delivered: %d\n", (int)got);
	return 0;
}
