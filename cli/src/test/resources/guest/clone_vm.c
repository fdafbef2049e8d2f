/* clone(CLONE_VM) without CLONE_VFORK or CLONE_THREAD: a process sharing its parent's memory while
 * both run (LeakSanitizer's tracer). Lamina refuses it (ENOSYS): served as a fork, the child got a
 * copy, and a parent waiting on what the child writes waited for ever. CLONE_VM | CLONE_VFORK
 * still makes its child. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int shared;

static int child(void *arg)
{
	(void)arg;
	shared = 42;
	return 0;
}

int main(void)
{
	static char stack[1 << 16];
	int pid = clone(child, stack + sizeof stack, CLONE_VM | SIGCHLD, NULL);
	printf("CLONE_VM: %s\n", pid < 0 ? strerror(errno) : "made");
	if (pid > 0) waitpid(pid, NULL, 0);
	pid = clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	if (pid > 0) waitpid(pid, NULL, 0);
	printf("CLONE_VM | CLONE_VFORK: %s\n", pid < 0 ? strerror(errno) : "made");
	return 0;
}
