/* With a port plan, guest code picks no host port by itself: the kernel
 * binds every socket (ports.c), so a seccomp filter refuses bind and listen
 * (whose implicit bind would take an ephemeral port on every interface) to
 * every process of the container, with the two socket options that choose
 * ports some other way: IP_LOCAL_PORT_RANGE (which narrows the ephemeral
 * port a connect or sendto binds to one chosen port) and every SCTP option
 * (sctp_bindx binds through one). Installed beside the container filter,
 * which refuses the x32 numbers and kills any other architecture's calls. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
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
	/* jump offsets count from the next instruction */
	enum { ALLOW = 12, DENY = 13 };
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_SELF, 1, 0),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		/* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, nr)),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bind, DENY - 5, 0),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_listen, DENY - 6, 0),
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setsockopt, 0, ALLOW - 7),
		/* 7 */ LD_ARG(1),
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_SCTP_LEVEL, DENY - 9, 0),
		/* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOL_IP_LEVEL, 0, ALLOW - 10),
		/* 10 */ LD_ARG(2),
		/* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IP_LOCAL_PORT_RANGE_OPT, DENY - 12, ALLOW - 12),
		/* ALLOW */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* DENY */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	bpf_install(f, sizeof f / sizeof f[0], "lamina: cannot confine the container: the port filter was refused");
}
