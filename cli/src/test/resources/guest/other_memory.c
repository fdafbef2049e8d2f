/* A user's process reaching its root parent's memory and descriptors: by
 * libc's process_vm_readv (through the dispatcher, which names the parent
 * to the host) and by raw calls past the init host with the parent's host
 * pid (raw getppid): process_vm_readv, process_vm_writev, ptrace's attach,
 * pidfd_getfd, kcmp. Every process of a container is the same host user,
 * so the host allowed each (the forty-first session's review read and wrote
 * root's memory, and ran code as root by ptrace). Linux answers EPERM to a
 * user reaching root's process. Prints what each gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "raw_syscall.h"

static char secret[16] = "root's secret";

static const char *outcome(long r)
{
	if (r >= 0) return "allowed";
	return r == -EPERM ? "EPERM" : r == -EACCES ? "EACCES" : r == -ENOSYS ? "ENOSYS" : r == -ESRCH ? "ESRCH" : "other error";
}

int main(void)
{
	if (!raw_syscall_init()) return 1;
	pid_t child = fork();
	if (child == 0) {
		if (setgid(65534) || setuid(65534)) return 2;
		char got[16] = "";
		struct iovec local = { got, sizeof got }, remote = { secret, sizeof secret };
		long r = process_vm_readv(getppid(), &local, 1, &remote, 1, 0);
		printf("process_vm_readv: %s\n", outcome(r < 0 ? -errno : r));
		long host_parent = raw(SYS_getppid, 0, 0, 0, 0, 0);
		printf("raw process_vm_readv: %s\n", outcome(raw6(SYS_process_vm_readv, host_parent, (long)&local, 1, (long)&remote, 1, 0)));
		printf("raw process_vm_writev: %s\n", outcome(raw6(SYS_process_vm_writev, host_parent, (long)&local, 1, (long)&remote, 1, 0)));
		printf("raw ptrace attach: %s\n", outcome(raw(SYS_ptrace, PTRACE_ATTACH, host_parent, 0, 0, 0)));
		long pidfd = raw(SYS_pidfd_open, host_parent, 0, 0, 0, 0);
		printf("raw pidfd_getfd: %s\n", pidfd < 0 ? "no pidfd" : outcome(raw(SYS_pidfd_getfd, pidfd, 0, 0, 0, 0)));
		printf("raw kcmp: %s\n", outcome(raw(SYS_kcmp, raw(SYS_getpid, 0, 0, 0, 0, 0), host_parent, 0 /* KCMP_FILE */, 0, 0)));
		printf("secret seen: %s\n", strcmp(got, secret) ? "no" : "yes");
		return 0;
	}
	int st;
	waitpid(child, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}
