/* With a port plan, guest code picks no host port by itself: the kernel
 * binds every socket (ports.c), so a seccomp filter refuses bind and listen
 * (whose implicit bind would take an ephemeral port on every interface) to
 * every process of the container, with the two socket options that choose
 * ports some other way: IP_LOCAL_PORT_RANGE (which narrows the ephemeral
 * port a connect or sendto binds to one chosen port) and every SCTP option
 * (sctp_bindx binds through one). And the host's routing socket
 * (NETLINK_ROUTE), whose answers are the host's interfaces and addresses:
 * the kernel hands out the container's (netlink.c). Installed beside the
 * container filter, which refuses the x32 numbers and kills any other
 * architecture's calls. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <lamina/linux_abi.h>
#include "bpf_build.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

#define SOL_IP_LEVEL 0
#define IPPROTO_SCTP_LEVEL 132
#define IP_LOCAL_PORT_RANGE_OPT 51

#define LD_ARG(i) LD(args[i])

void port_filter_install(void)
{
	enum { SOCKET = 13, ALLOW = 17, DENY = 18 };
	struct sock_filter f[] = {
		/* 0 */ LD(arch),
		/* 1 */ IF(1, AUDIT_ARCH_SELF, NEXT(2), NEXT(1)),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		/* 3 */ LD(nr),
		/* 4 */ IF(4, __NR_bind, DENY, NEXT(4)),
		/* 5 */ IF(5, __NR_listen, DENY, NEXT(5)),
		/* 6 */ IF(6, __NR_socket, SOCKET, NEXT(6)),
		/* 7 */ IF(7, __NR_setsockopt, NEXT(7), ALLOW),
		/* 8 */ LD_ARG(1),
		/* 9 */ IF(9, IPPROTO_SCTP_LEVEL, DENY, NEXT(9)),
		/* 10 */ IF(10, SOL_IP_LEVEL, NEXT(10), ALLOW),
		/* 11 */ LD_ARG(2),
		/* 12 */ IF(12, IP_LOCAL_PORT_RANGE_OPT, DENY, ALLOW),
		/* SOCKET: the host's routing socket (the kernel hands out the container's) */
		/* 13 */ LD_ARG(0),
		/* 14 */ IF(14, LX_AF_NETLINK, NEXT(14), ALLOW),
		/* 15 */ LD_ARG(2),
		/* 16 */ IF(16, LX_NETLINK_ROUTE, DENY, ALLOW),
		/* ALLOW */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* DENY */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	_Static_assert(sizeof f / sizeof f[0] == DENY + 1, "the labels are where they say");
	bpf_install(f, sizeof f / sizeof f[0], "lamina: cannot confine the container: the port filter was refused");
}
