/* process_filter.c: the filter, run here by the small classic-BPF machine,
 * lets another process's limits and scheduling be changed by the caller
 * itself only (pid 0; setpriority and ioprio_set: a process, id 0), and
 * every other call through. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <lamina/linux_abi.h>
#include "process_filter.h"
#include "unit.h"
#include "bpf_run.h"

static void unit_main(void)
{
	struct sock_filter f[PROCESS_FILTER_MAX];
	unsigned len = process_filter_build(f), steps;
	char num[21];
	check(len <= PROCESS_FILTER_MAX, "the filter fits", 0);
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM, allow = SECCOMP_RET_ALLOW, arch = AUDIT_ARCH_X86_64;
	const unsigned by_pid[] = { __NR_prlimit64, __NR_sched_setaffinity, __NR_sched_setscheduler, __NR_sched_setparam,
	                            __NR_sched_setattr };
	for (uint32_t nr = 0; nr < 1024; nr++) {
		int named = nr == __NR_setpriority || nr == __NR_ioprio_set;
		for (unsigned i = 0; i < sizeof by_pid / sizeof by_pid[0]; i++) named |= nr == by_pid[i];
		if (!named) check(run2(f, len, arch, nr, 1234, 1234, &steps) == allow, "other calls allowed", dec_format(num, nr));
	}
	for (unsigned i = 0; i < sizeof by_pid / sizeof by_pid[0]; i++) {
		check(run2(f, len, arch, by_pid[i], 0, 7, &steps) == allow, "the caller's own (pid 0) allowed", dec_format(num, by_pid[i]));
		check(run2(f, len, arch, by_pid[i], 1, 0, &steps) == deny, "another pid refused", dec_format(num, by_pid[i]));
		check(run2(f, len, arch, by_pid[i], (uint32_t)-1, 0, &steps) == deny, "a negative pid refused", dec_format(num, by_pid[i]));
	}
	check(run2(f, len, arch, __NR_setpriority, LX_PRIO_PROCESS, 0, &steps) == allow, "setpriority of the caller allowed", 0);
	check(run2(f, len, arch, __NR_setpriority, LX_PRIO_PROCESS, 42, &steps) == deny, "setpriority of another refused", 0);
	check(run2(f, len, arch, __NR_setpriority, LX_PRIO_PGRP, 0, &steps) == deny, "setpriority of a group refused", 0);
	check(run2(f, len, arch, __NR_setpriority, LX_PRIO_USER, 0, &steps) == deny, "setpriority of a user refused", 0);
	check(run2(f, len, arch, __NR_ioprio_set, LX_IOPRIO_WHO_PROCESS, 0, &steps) == allow, "ioprio_set of the caller allowed", 0);
	check(run2(f, len, arch, __NR_ioprio_set, LX_IOPRIO_WHO_PROCESS, 42, &steps) == deny, "ioprio_set of another refused", 0);
	check(run2(f, len, arch, __NR_ioprio_set, LX_IOPRIO_WHO_USER, 0, &steps) == deny, "ioprio_set of a user refused", 0);
	check(run2(f, len, arch, __NR_ioprio_set, 99, 0, &steps) == deny, "ioprio_set's unknown which refused (the presence probe)", 0);
	check(run2(f, len, arch, __NR_getpriority, LX_PRIO_USER, 0, &steps) == allow, "getpriority allowed", 0);
	check(run2(f, len, AUDIT_ARCH_I386, __NR_prlimit64, 1, 0, &steps) == allow, "other ABIs left to the container filter", 0);
}
