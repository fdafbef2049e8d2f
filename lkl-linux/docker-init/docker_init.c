/* docker-init: the container's pid 1 under `docker run --init`, as Docker's
 * (tini). A namespace's init takes no signal it leaves at the default, so a
 * program that handles none (sleep) outlives `docker stop`'s SIGTERM; this
 * one runs it as a child, passes every signal it gets on to it, reaps every
 * orphan, and exits as the child did (128+N when a signal ended it). A guest
 * program, static for any image's libc; Lamina mounts it at /sbin/docker-init. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Raised by the program itself, for itself: never waited for. */
static const int synchronous[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU };

/* In the child: a process group of its own, in the terminal's foreground if
 * there is one (so Ctrl-C reaches it, not pid 1), then the program. */
static _Noreturn void run(char **argv, const sigset_t *mask)
{
	setpgid(0, 0);
	if (tcsetpgrp(STDIN_FILENO, getpgrp()) && errno != ENOTTY && errno != ENXIO)
		fprintf(stderr, "docker-init: cannot give the terminal to %s: %s\n", argv[0], strerror(errno));
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, 0);
	execvp(argv[0], argv);
	int e = errno;
	fprintf(stderr, "docker-init: exec %s failed: %s\n", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : e == EACCES ? 126 : 1);
}

int main(int argc, char **argv)
{
	int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;
	if (first >= argc) {
		fprintf(stderr, "usage: docker-init [--] PROGRAM [ARGUMENT...]\n");
		return 1;
	}
	sigset_t waited, old;
	sigfillset(&waited);
	for (size_t i = 0; i < sizeof synchronous / sizeof *synchronous; i++) sigdelset(&waited, synchronous[i]);
	sigprocmask(SIG_SETMASK, &waited, &old);
	/* Its child's tcsetpgrp from the background would stop it otherwise. */
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);

	pid_t child = fork();
	if (child < 0) {
		fprintf(stderr, "docker-init: fork: %s\n", strerror(errno));
		return 1;
	}
	if (child == 0) run(argv + first, &old);
	for (;;) {
		int sig = sigwaitinfo(&waited, 0);
		if (sig < 0) continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		int status, ended = -1;
		pid_t p;
		while ((p = waitpid(-1, &status, WNOHANG)) > 0)
			if (p == child) ended = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (ended >= 0) return ended;
	}
}
