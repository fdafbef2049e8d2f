/* The calls that change another process's limits or scheduling
 * (prlimit64, setpriority, ioprio_set, sched_setaffinity,
 * sched_setscheduler, sched_setparam, sched_setattr) check only that the
 * caller is the target's host user, and every process of a container is
 * that user, as are the engine's JVM, other containers and the user's own
 * processes: a guest's RLIMIT_CPU of 1 s on the JVM killed every container
 * (review 42). Landlock has no hook for them. So a seccomp filter lets every
 * process of the container make them on itself alone (pid 0; setpriority
 * and ioprio_set: a process by id 0); the init host sends the rest to the
 * kernel, which checks Linux's rules in the container's ids and makes the
 * call (host_pids.c, ProcessTuningSyscalls). Installed beside the metadata
 * filter, which kills other architectures' calls: a small filter of its own
 * costs the calls it does not name nothing (the host caches them allowed). */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <lamina/linux_abi.h>
#include "bpf_build.h"
#include "host_syscall.h"
#include "process_filter.h"
#include "util.h"

unsigned process_filter_build(struct sock_filter f[PROCESS_FILTER_MAX])
{
	enum { PRIO = 11, IOPRIO = 13, WHO = 15, PID0 = 17, ALLOW = 19, DENY = 20 };
	const struct sock_filter prog[] = {
		/* 0 */ LD(arch),
		/* 1 */ IF(1, AUDIT_ARCH_SELF, NEXT(1), ALLOW),
		/* 2 */ LD(nr),
		/* 3 */ IF(3, __NR_prlimit64, PID0, NEXT(3)),
		/* 4 */ IF(4, __NR_sched_setaffinity, PID0, NEXT(4)),
		/* 5 */ IF(5, __NR_sched_setscheduler, PID0, NEXT(5)),
		/* 6 */ IF(6, __NR_sched_setparam, PID0, NEXT(6)),
		/* 7 */ IF(7, __NR_sched_setattr, PID0, NEXT(7)),
		/* 8 */ IF(8, __NR_setpriority, PRIO, NEXT(8)),
		/* 9 */ IF(9, __NR_ioprio_set, IOPRIO, NEXT(9)),
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JA, TO(10, ALLOW), 0, 0),
		/* PRIO: a process (not a group or a user) ... */
		/* 11 */ LD(args[0]),
		/* 12 */ IF(12, LX_PRIO_PROCESS, WHO, DENY),
		/* IOPRIO */
		/* 13 */ LD(args[0]),
		/* 14 */ IF(14, LX_IOPRIO_WHO_PROCESS, WHO, DENY),
		/* WHO: ... by id 0, the caller */
		/* 15 */ LD(args[1]),
		/* 16 */ IF(16, 0, ALLOW, DENY),
		/* PID0: the pid (an int, the low word) 0, the caller */
		/* 17 */ LD(args[0]),
		/* 18 */ IF(18, 0, ALLOW, DENY),
		/* ALLOW */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* DENY */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	_Static_assert(sizeof prog / sizeof prog[0] == DENY + 1, "the labels are where they say");
	_Static_assert(sizeof prog / sizeof prog[0] <= PROCESS_FILTER_MAX, "room for the filter");
	for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++) f[i] = prog[i];
	return sizeof prog / sizeof prog[0];
}

int process_filter_present(void)
{
	/* EINVAL (no such "which") without the filter, which refuses it first */
	return host_syscall3(__NR_ioprio_set, 99, 0, 0) == -EPERM;
}

void process_filter_install(void)
{
	struct sock_filter f[PROCESS_FILTER_MAX];
	bpf_install(f, process_filter_build(f), "lamina: cannot confine containers: the process filter was refused");
}
