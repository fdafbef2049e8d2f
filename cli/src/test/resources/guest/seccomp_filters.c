/* A program's own seccomp filters in Lamina (SyscallModesTest), built with
 * musl (its calls go through musl+) and static with glibc (its calls trap):
 * the mode a container's process starts in (Docker's default profile's: a
 * filter, so strict mode cannot follow), calls the init host answers before
 * the dispatcher (rt_sigprocmask, a thread's clone) judged too, the pc a
 * filter is shown, and a SIGSYS that cannot be handled ending the process. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* linux/filter.h's, linux/seccomp.h's and linux/audit.h's values (musl-gcc has no kernel headers) */
struct insn { unsigned short code; unsigned char jt, jf; unsigned k; };
struct prog { unsigned short len; struct insn *filter; };
#define LD_ABS 0x20
#define JEQ_K 0x15
#define RET_K 0x06
#define RET_TRAP 0x00030000u
#define RET_ERRNO 0x00050000u
#define RET_ALLOW 0x7fff0000u

/* ret for call nr (only when the pc it is shown is 0: pc_zero), everything else allowed */
static long install(long nr, unsigned ret, int pc_zero)
{
	struct insn any_pc[] = {
		{ LD_ABS, 0, 0, 0 },                  /* nr */
		{ JEQ_K, 0, 1, (unsigned)nr },
		{ RET_K, 0, 0, ret },
		{ RET_K, 0, 0, RET_ALLOW },
	};
	struct insn zero_pc[] = {
		{ LD_ABS, 0, 0, 0 },
		{ JEQ_K, 0, 3, (unsigned)nr },
		{ LD_ABS, 0, 0, 8 },                  /* instruction_pointer's low word */
		{ JEQ_K, 0, 1, 0 },
		{ RET_K, 0, 0, ret },
		{ RET_K, 0, 0, RET_ALLOW },
	};
	struct prog p = pc_zero ? (struct prog){ 6, zero_pc } : (struct prog){ 4, any_pc };
	return syscall(SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0, &p);
}

static const char *name(int e)
{
	switch (e) {
	case EPERM: return "EPERM"; case EFAULT: return "EFAULT"; case EINVAL: return "EINVAL";
	case EACCES: return "EACCES"; case EAGAIN: return "EAGAIN"; default: return strerror(e);
	}
}

static const char *result(long r)
{
	return r < 0 ? name(errno) : "ok";
}

static void *thread(void *arg) { return arg; }

int main(void)
{
	printf("mode: %d\n", prctl(PR_GET_SECCOMP));
	printf("strict: %s\n", result(syscall(SYS_seccomp, 0 /* SECCOMP_SET_MODE_STRICT */, 0, 0)));
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	install(SYS_getuid, RET_ERRNO | EFAULT, 1);
	printf("a filter shown the pc: %s\n", result(syscall(SYS_getuid)));
	install(SYS_rt_sigprocmask, RET_ERRNO | EPERM, 0);
	sigset_t set;
	sigemptyset(&set);
	printf("rt_sigprocmask: %s\n", result(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 8)));
	install(SYS_clone, RET_ERRNO | EPERM, 0);
	pthread_t t;
	int e = pthread_create(&t, 0, thread, 0);
	printf("pthread_create: %s\n", e ? name(e) : "ok");
	install(SYS_uname, RET_TRAP, 0);
	pid_t pid = vfork();
	if (pid == 0) {
		signal(SIGSYS, SIG_IGN);
		syscall(SYS_uname, 0);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	printf("uname trapped with SIGSYS ignored: %s\n", WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "went on");
	return 0;
}
