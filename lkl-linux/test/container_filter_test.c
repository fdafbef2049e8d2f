/* container_filter.c: the filter, run here by a small classic-BPF machine
 * for every syscall number, refuses exactly the listed calls and ioctls,
 * AF_UNIX sockets and datagram pairs, the host's socket families, leases,
 * and prctl's PR_SET_MM,
 * and its walk stays short (the kernel walks it for every number when it is
 * installed, on every container start). */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include "container_filter.h"
#include "unit.h"
#include "bpf_run.h"

static uint32_t run(const struct sock_filter *f, unsigned len, uint32_t arch, uint32_t nr, uint32_t arg1, unsigned *steps)
{
	return run2(f, len, arch, nr, 0, arg1, steps);
}

static int listed(const unsigned *list, unsigned n, uint32_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i] == v) return 1;
	return 0;
}

static void unit_main(void)
{
	struct sock_filter f[CONTAINER_FILTER_MAX];
	unsigned len = container_filter_build(f), ncalls, nioctls, steps, longest = 0;
	const unsigned *calls = container_filter_calls(&ncalls), *ioctls = container_filter_ioctls(&nioctls);
	char num[21];
	check(len <= CONTAINER_FILTER_MAX, "the filter fits", 0);
	for (uint32_t nr = 0; nr < 1024; nr++) {
		uint32_t want = listed(calls, ncalls, nr) ? SECCOMP_RET_ERRNO | EPERM
		                : nr == __NR_clone3 ? SECCOMP_RET_ERRNO | ENOSYS : SECCOMP_RET_ALLOW;
		check(run(f, len, AUDIT_ARCH_X86_64, nr, 0, &steps) == want, "the verdict for call", dec_format(num, nr));
		if (nr != __NR_ioctl && steps > longest) longest = steps;
		uint32_t x32 = run(f, len, AUDIT_ARCH_X86_64, nr | 0x40000000, 0, &steps);
		check(x32 == (SECCOMP_RET_ERRNO | ENOSYS), "x32 calls refused", dec_format(num, nr));
		check(run(f, len, AUDIT_ARCH_I386, nr, 0, &steps) == SECCOMP_RET_KILL_PROCESS, "other ABIs killed", 0);
	}
	/* The list compared in turn walked 32 (and the numbers with parts of their own checked first: a jump each). */
	check(longest <= 22, "the longest walk of an allowed call is short", dec_format(num, longest));
	for (unsigned i = 0; i < nioctls; i++)
		check(run(f, len, AUDIT_ARCH_X86_64, __NR_ioctl, ioctls[i], &steps) == (SECCOMP_RET_ERRNO | EPERM),
		      "refused ioctl", dec_format(num, ioctls[i]));
	check(run(f, len, AUDIT_ARCH_X86_64, __NR_ioctl, 0x5401 /* TCGETS */, &steps) == SECCOMP_RET_ALLOW,
	      "other ioctls allowed", 0);
	/* AF_UNIX sockets of any type, with or without flags, and datagram pairs are the kernel's to make */
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM, allow = SECCOMP_RET_ALLOW, cloexec = 02000000, nonblock = 04000;
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 1, 1, &steps) == deny, "AF_UNIX stream refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 1, 1 | cloexec | nonblock, &steps) == deny, "with flags", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 1, 5, &steps) == deny, "AF_UNIX seqpacket refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 1, 2 | cloexec, &steps) == deny, "AF_UNIX datagram refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 2, 1, &steps) == allow, "AF_INET stream allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 2, 2, &steps) == allow, "AF_INET datagram allowed", 0);
	/* the host's: vsock, socket diagnostics, device events; the routing and audit families stay (musl+'s are served) */
	const uint32_t netlink = 16;
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socket, 40, 1, &steps) == deny, "AF_VSOCK refused", 0);
	check(run3(f, len, AUDIT_ARCH_X86_64, __NR_socket, netlink, 3, 4, &steps) == deny, "NETLINK_SOCK_DIAG refused", 0);
	check(run3(f, len, AUDIT_ARCH_X86_64, __NR_socket, netlink, 2, 15, &steps) == deny, "NETLINK_KOBJECT_UEVENT refused", 0);
	check(run3(f, len, AUDIT_ARCH_X86_64, __NR_socket, netlink, 3, 0, &steps) == allow, "NETLINK_ROUTE allowed", 0);
	check(run3(f, len, AUDIT_ARCH_X86_64, __NR_socket, netlink, 3, 9, &steps) == allow, "NETLINK_AUDIT allowed", 0);
	check(run3(f, len, AUDIT_ARCH_X86_64, __NR_socket, 2, 2, 4, &steps) == allow, "a protocol 4 of another family allowed", 0);
	/* fcntl's leases (F_SETLEASE, 1024); the other commands are the host's */
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_fcntl, 3, 1024, &steps) == deny, "F_SETLEASE refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_fcntl, 3, 1025 /* F_GETLEASE */, &steps) == allow, "F_GETLEASE allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_fcntl, 3, 4 /* F_SETFL */, &steps) == allow, "F_SETFL allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socketpair, 1, 1, &steps) == allow, "stream pairs allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socketpair, 1, 5 | cloexec, &steps) == allow, "seqpacket pairs allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socketpair, 1, 2, &steps) == deny, "datagram pairs refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_socketpair, 1, 2 | nonblock, &steps) == deny, "with flags", 0);
	/* New namespaces: unshare's and clone's flags (clone's low byte is its exit signal, not CLONE_NEWTIME). */
	check(run(f, len, AUDIT_ARCH_X86_64, __NR_unshare, 0, &steps) == allow, "unshare of nothing allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_unshare, 0x200 /* CLONE_FS */, 0, &steps) == allow, "unshare CLONE_FS allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_unshare, 0x10000000, 0, &steps) == deny, "unshare CLONE_NEWUSER refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_unshare, 0x40000000, 0, &steps) == deny, "unshare CLONE_NEWNET refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_unshare, 0x80, 0, &steps) == deny, "unshare CLONE_NEWTIME refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_clone, 0x11 /* SIGCHLD */, 0, &steps) == allow, "a fork's clone allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_clone, 0x3d0f00, 0, &steps) == allow, "a thread's clone allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_clone, 0x80 | 0x11, 0, &steps) == allow, "an exit signal is no flag", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_clone, 0x10000000 | 0x11, 0, &steps) == deny, "clone CLONE_NEWUSER refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_clone, 0x00020000 | 0x11, 0, &steps) == deny, "clone CLONE_NEWNS refused", 0);
	/* prctl's PR_SET_MM (35), whose PR_SET_MM_MAP moves the start of the stack without a capability */
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_prctl, 35, 14 /* PR_SET_MM_MAP */, &steps) == deny, "PR_SET_MM refused", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_prctl, 15 /* PR_SET_NAME */, 0, &steps) == allow, "other prctls allowed", 0);
	check(run2(f, len, AUDIT_ARCH_X86_64, __NR_prctl, 4 /* PR_SET_DUMPABLE */, 1, &steps) == allow, "PR_SET_DUMPABLE allowed", 0);
}
