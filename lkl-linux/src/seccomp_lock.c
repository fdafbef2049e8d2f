/* No host seccomp filter after Lamina's own. The container's processes run
 * with no_new_privs on the host (Landlock and the filters need it), so the
 * host lets guest code install filters of its own by a raw call, and such
 * a filter stays on a set-user-ID program the process then executes, whose
 * ids the kernel grants (the exec's plan): a user would decide the results
 * of a root program's host calls, which Linux never allows (a filter needs
 * no_new_privs, which forbids the set ids; review 43). musl+'s seccomp is
 * the init host's own (seccomp.c), so nothing of the container needs the
 * host's: the container's first process refuses it to itself and every
 * process after it once its own filters are in (the port filter comes with
 * its plan). Beside the container filter, which kills other architectures'
 * calls; the host caches every call it does not name as allowed. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/prctl.h>
#include "bpf_build.h"
#include "host_syscall.h"
#include "seccomp_lock.h"
#include "util.h"

unsigned seccomp_lock_build(struct sock_filter f[SECCOMP_LOCK_MAX])
{
	enum { OP = 6, OPTION = 8, ALLOW = 10, DENY = 11 };
	const struct sock_filter prog[] = {
		/* 0 */ LD(arch),
		/* 1 */ IF(1, AUDIT_ARCH_SELF, NEXT(1), ALLOW),
		/* 2 */ LD(nr),
		/* 3 */ IF(3, __NR_seccomp, OP, NEXT(3)),
		/* 4 */ IF(4, __NR_prctl, OPTION, NEXT(4)),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JA, TO(5, ALLOW), 0, 0),
		/* OP: a mode set (strict or a filter); the questions are answered */
		/* 6 */ LD(args[0]),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, SECCOMP_GET_ACTION_AVAIL, TO(7, ALLOW), TO(7, DENY)),
		/* OPTION: PR_SET_SECCOMP, the older way to set a mode */
		/* 8 */ LD(args[0]),
		/* 9 */ IF(9, PR_SET_SECCOMP, DENY, ALLOW),
		/* ALLOW */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* DENY */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	_Static_assert(SECCOMP_SET_MODE_STRICT < SECCOMP_GET_ACTION_AVAIL && SECCOMP_SET_MODE_FILTER < SECCOMP_GET_ACTION_AVAIL,
	               "the modes are below the questions");
	_Static_assert(sizeof prog / sizeof prog[0] == DENY + 1, "the labels are where they say");
	_Static_assert(sizeof prog / sizeof prog[0] <= SECCOMP_LOCK_MAX, "room for the filter");
	for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++) f[i] = prog[i];
	return sizeof prog / sizeof prog[0];
}

void seccomp_lock_install(void)
{
	struct sock_filter f[SECCOMP_LOCK_MAX];
	bpf_install(f, seccomp_lock_build(f), "lamina: cannot confine the container: the seccomp lock was refused");
}
