/* A user's process changing the limits and scheduling of processes it
 * should not reach: its root parent, and the kernel's JVM (the host parent
 * of the container's pid 1), by raw calls past the init host with host ids
 * (prlimit64, setpriority of the host user, sched_setaffinity, ioprio_set
 * of the host user), and its root parent by libc (a process group's
 * priority). Every process of a container is the same host user as the
 * JVM, so the host allowed each (the forty-second session's review: a
 * RLIMIT_CPU of 1 s killed the JVM and every container with it; RLIMIT_FSIZE
 * 0 killed root's shell). Linux answers EPERM. Its own limits and priority
 * the process still sets. Prints what each gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "raw_syscall.h"

static const char *outcome(long r)
{
	if (r >= 0) return "allowed";
	return r == -EPERM ? "EPERM" : r == -EACCES ? "EACCES" : r == -ESRCH ? "ESRCH" : "other error";
}

static long libc(long r) { return r < 0 ? -errno : r; }

int main(void)
{
	if (!raw_syscall_init()) return 1;
	long jvm = raw(SYS_getppid, 0, 0, 0, 0, 0); /* pid 1's host parent */
	int before = getpriority(PRIO_PROCESS, 0);
	pid_t child = fork();
	if (child == 0) {
		if (setgid(65534) || setuid(65534)) return 2;
		long root = raw(SYS_getppid, 0, 0, 0, 0, 0);
		struct rlimit64 one_second = { 1, 1 }, none = { 0, 0 }, got;
		cpu_set_t cpus;
		CPU_ZERO(&cpus);
		CPU_SET(0, &cpus);
		printf("raw prlimit64 CPU of the kernel's JVM: %s\n", outcome(raw(SYS_prlimit64, jvm, RLIMIT_CPU, (long)&one_second, 0, 0)));
		printf("raw prlimit64 read of the kernel's JVM: %s\n", outcome(raw(SYS_prlimit64, jvm, RLIMIT_NOFILE, 0, (long)&got, 0)));
		printf("raw prlimit64 FSIZE of root parent: %s\n", outcome(raw(SYS_prlimit64, root, RLIMIT_FSIZE, (long)&none, 0, 0)));
		printf("raw setpriority of the host user: %s\n", outcome(raw(SYS_setpriority, PRIO_USER, 0, 10, 0, 0)));
		printf("raw setpriority of the kernel's JVM: %s\n", outcome(raw(SYS_setpriority, PRIO_PROCESS, jvm, 10, 0, 0)));
		printf("raw sched_setaffinity of the kernel's JVM: %s\n", outcome(raw(SYS_sched_setaffinity, jvm, sizeof cpus, (long)&cpus, 0, 0)));
		printf("raw ioprio_set of the host user: %s\n", outcome(raw(SYS_ioprio_set, 3 /* IOPRIO_WHO_USER */, 0, 3 << 13, 0, 0)));
		printf("prlimit FSIZE of root parent: %s\n", outcome(libc(prlimit(getppid(), RLIMIT_FSIZE, (struct rlimit *)&none, 0))));
		printf("setpriority of root's group: %s\n", outcome(libc(setpriority(PRIO_PGRP, getpgid(getppid()), 10))));
		printf("own prlimit: %s\n", outcome(libc(prlimit(0, RLIMIT_CORE, (struct rlimit *)&none, 0))));
		printf("own setpriority: %s\n", outcome(libc(setpriority(PRIO_PROCESS, 0, 19))));
		return 0;
	}
	int st;
	waitpid(child, &st, 0);
	FILE *f = fopen("/tmp/written", "w");
	printf("root parent writes: %s\n", f && fputs("alive", f) >= 0 && fclose(f) == 0 ? "yes" : "no");
	printf("root parent's priority unchanged: %s\n", getpriority(PRIO_PROCESS, 0) == before ? "yes" : "no");
	printf("child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return 0;
}
