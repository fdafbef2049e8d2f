/* seccomp_lock.c: the filter, run here by the small classic-BPF machine,
 * refuses setting a seccomp mode (seccomp(2)'s SET_MODE_STRICT and
 * SET_MODE_FILTER, prctl's PR_SET_SECCOMP) and lets every other call
 * through, seccomp's questions too. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/prctl.h>
#include "seccomp_lock.h"
#include "unit.h"
#include "bpf_run.h"

static void unit_main(void)
{
	struct sock_filter f[SECCOMP_LOCK_MAX];
	unsigned len = seccomp_lock_build(f), steps;
	char num[21];
	check(len <= SECCOMP_LOCK_MAX, "the filter fits", 0);
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM, allow = SECCOMP_RET_ALLOW, arch = AUDIT_ARCH_X86_64;
	for (uint32_t nr = 0; nr < 1024; nr++)
		if (nr != __NR_seccomp && nr != __NR_prctl)
			check(run2(f, len, arch, nr, 0, 0, &steps) == allow, "other calls allowed", dec_format(num, nr));
	check(run2(f, len, arch, __NR_seccomp, SECCOMP_SET_MODE_STRICT, 0, &steps) == deny, "strict mode refused", 0);
	check(run2(f, len, arch, __NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &steps) == deny, "a filter refused", 0);
	check(run2(f, len, arch, __NR_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &steps) == allow, "an action asked about", 0);
	check(run2(f, len, arch, __NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &steps) == allow, "the sizes asked", 0);
	check(run2(f, len, arch, __NR_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &steps) == deny, "PR_SET_SECCOMP refused", 0);
	check(run2(f, len, arch, __NR_prctl, PR_GET_SECCOMP, 0, &steps) == allow, "PR_GET_SECCOMP allowed", 0);
	check(run2(f, len, arch, __NR_prctl, PR_SET_NAME, 0, &steps) == allow, "other prctls allowed", 0);
	check(run2(f, len, AUDIT_ARCH_I386, __NR_seccomp, 1, 0, &steps) == allow, "other ABIs left to the container filter", 0);
}
