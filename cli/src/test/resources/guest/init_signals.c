/* Signals to pid 1 from inside the container, as Linux's namespace init takes
 * them: one it neither handles nor blocks is dropped, but one it blocks is kept
 * pending (the handler may change before it is unblocked), also while it waits
 * for it in sigtimedwait, as tini and dumb-init do; and dropped if it is still
 * at its default action when unblocked. Run as pid 1. It is no child
 * subreaper of its own (Lamina makes its host process one), until it says so;
 * its child is none. */
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t reraised;

static void reraise(int sig)
{
	reraised = 1;
	raise(sig);
}

int main(void)
{
	setvbuf(stdout, 0, _IONBF, 0);
	printf("pid %d\n", getpid());
	int reaper = -1;
	prctl(PR_GET_CHILD_SUBREAPER, &reaper);
	printf("subreaper %d\n", reaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_GET_CHILD_SUBREAPER, &reaper);
	printf("subreaper set %d\n", reaper);
	if (fork() == 0) {
		prctl(PR_GET_CHILD_SUBREAPER, &reaper);
		printf("child subreaper %d\n", reaper);
		_exit(0);
	}
	wait(0);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, 0);
	struct timespec second = { 1, 0 };
	siginfo_t si;

	kill(getpid(), SIGUSR2);
	sigpending(&pending);
	printf("blocked, from itself: pending %d\n", sigismember(&pending, SIGUSR2));
	printf("sigtimedwait: %d\n", sigtimedwait(&set, &si, &second));

	pid_t c = fork();
	if (c == 0) {
		kill(1, SIGUSR2);
		_exit(0);
	}
	waitpid(c, 0, 0);
	printf("blocked, from a child: %d\n", sigtimedwait(&set, &si, &second));

	/* A child that signals once pid 1 waits (it waits long enough to be waiting). */
	c = fork();
	if (c == 0) {
		struct timespec t = { 0, 200000000 };
		nanosleep(&t, 0);
		kill(1, SIGTERM);
		_exit(0);
	}
	struct timespec five = { 5, 0 };
	printf("while waiting: %d\n", sigtimedwait(&set, &si, &five));
	waitpid(c, 0, 0);

	/* Blocked when sent, then unblocked at its default action: Linux drops it
	 * at the unblock (as it may come while libc blocks all for a fork). */
	c = fork();
	if (c == 0) {
		kill(1, SIGTERM);
		_exit(0);
	}
	waitpid(c, 0, 0);
	sigpending(&pending);
	printf("blocked, then unblocked: pending %d\n", sigismember(&pending, SIGTERM));
	sigprocmask(SIG_UNBLOCK, &set, 0);
	printf("blocked, then unblocked: alive\n");

	c = fork();
	if (c == 0) {
		kill(1, SIGTERM);
		_exit(0);
	}
	waitpid(c, 0, 0);
	printf("neither handled nor blocked: alive\n");

	/* A one-shot handler that raises the signal again, as Node's does: the
	 * handler runs once, and the raise finds the default, which pid 1 drops. */
	struct sigaction once = { .sa_handler = reraise, .sa_flags = SA_RESETHAND }, now;
	sigaction(SIGTERM, &once, 0);
	c = fork();
	if (c == 0) {
		kill(1, SIGTERM);
		_exit(0);
	}
	waitpid(c, 0, 0);
	sigaction(SIGTERM, 0, &now);
	printf("one-shot handler: %s, then %s\n", reraised ? "ran" : "did not run", now.sa_handler == SIG_DFL ? "default" : "not reset");
	return 0;
}
