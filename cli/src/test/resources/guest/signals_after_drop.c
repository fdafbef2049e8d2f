/* A process that gave up root signals its root parent: by a raw kill with
 * the parent's host pid, by sigqueue and pidfd_send_signal (which the
 * dispatcher makes on the host itself), and by kill (the kernel's). Every
 * process of a container is the same host user, so the host let the first
 * three through (the forty-first session's review); Linux answers EPERM to
 * a user signalling root's process. Signals to itself and between its own
 * threads, each of which gave up root on its own (musl's set*id runs on every
 * thread), still arrive. Prints what each gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "raw_syscall.h"

static volatile sig_atomic_t arrived;
static void on_usr2(int sig) { (void)sig; arrived = 1; }

static const char *outcome(long r)
{
	if (r >= 0) return "allowed";
	return r == -EPERM ? "EPERM" : r == -ESRCH ? "ESRCH" : "other error";
}

static int go[2];
static void *waiter(void *arg)
{
	char b;
	read(go[0], &b, 1); /* until the process has given up root */
	for (int i = 0; i < 1000 && !arrived; i++) usleep(1000);
	return arg;
}

int main(void)
{
	if (!raw_syscall_init()) return 1;
	pid_t child = fork();
	if (child == 0) {
		signal(SIGUSR2, on_usr2);
		pthread_t t;
		if (pipe(go) || pthread_create(&t, 0, waiter, 0)) return 2;
		if (setgid(65534) || setuid(65534)) return 3;
		pid_t parent = getppid();
		long host_parent = raw(SYS_getppid, 0, 0, 0, 0, 0);
		printf("raw kill of root parent: %s\n", outcome(raw(SYS_kill, host_parent, 0, 0, 0, 0)));
		union sigval v = { 0 };
		printf("sigqueue to root parent: %s\n", outcome(sigqueue(parent, SIGUSR1, v) ? -errno : 0));
		long pidfd = syscall(SYS_pidfd_open, parent, 0);
		printf("pidfd_send_signal to root parent: %s\n",
		       pidfd < 0 ? "no pidfd" : outcome(syscall(SYS_pidfd_send_signal, pidfd, 0, 0, 0) ? -errno : 0));
		printf("kill of root parent: %s\n", outcome(kill(parent, 0) ? -errno : 0));
		printf("raw kill of itself: %s\n", outcome(raw(SYS_kill, raw(SYS_getpid, 0, 0, 0, 0, 0), 0, 0, 0, 0)));
		printf("signal to its own thread: %s\n", pthread_kill(t, SIGUSR2) ? "refused" : "sent");
		write(go[1], "", 1);
		pthread_join(t, 0);
		printf("arrived: %s\n", arrived ? "yes" : "no");
		return 0;
	}
	int st;
	waitpid(child, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 4;
}
