/* Guest signal handlers, Syscall User Dispatch, and the guest's view of
 * file ownership in fd-based stat calls. */
#include <asm/errno.h>
#include <linux/prctl.h>
#include <asm-generic/signal-defs.h>
#include <lamina/linux_abi.h>
#include <lamina/channel.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* start.S */
void host_sigreturn(void);
/* The linker's bounds of the init host's code. */
extern const char __executable_start[], etext[];

static volatile char dispatch_selector = SYSCALL_DISPATCH_FILTER_BLOCK;

long signal_action(long sig, const void *act, void *oact, long size)
{
	/* SIGSYS carries Syscall User Dispatch; the guest cannot have it. */
	if (sig == LX_SIGSYS && act) return -EINVAL;
	struct lx_sigaction mine;
	if (act) {
		mine = *(const struct lx_sigaction *)act;
		if ((unsigned long)mine.handler > 1) {
			mine.flags |= LX_SA_RESTORER;
			mine.restorer = (void *)host_sigreturn;
		}
		act = &mine;
	}
	return host_syscall4(__NR_rt_sigaction, sig, act, oact, size);
}

/* siginfo_t fields of a SIGSYS from Syscall User Dispatch. */
struct sigsys_info {
	int signo, errno_, code, pad;
	void *call_addr;
	int syscall;
	unsigned arch;
};

static void on_sigsys(int sig, struct sigsys_info *si, void *uc)
{
	(void)sig;
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	if (!(process.flags & LAMINA_PLAN_COMPAT)) {
		char nbuf[21], abuf[19];
		print_error("lamina: strict mode: guest code at ", hex_format(abuf, (uint64_t)si->call_addr),
		            " made system call ", dec_format(nbuf, si->syscall),
		            " directly instead of through musl+", 0);
		route_simple(LAMINA_OP_STRICT_VIOLATION, si->syscall, (long)si->call_addr);
		host_exit(128 + LX_SIGSYS);
	}
	regs[LX_REG_RAX] = dispatch_syscall(si->syscall, regs[LX_REG_RDI], regs[LX_REG_RSI],
	                                    regs[LX_REG_RDX], regs[LX_REG_R10], regs[LX_REG_R8],
	                                    regs[LX_REG_R9]);
}

void signal_enable_dispatch(void)
{
	struct lx_sigaction sa = {
		.handler = (void *)on_sigsys,
		.flags = SA_SIGINFO | LX_SA_RESTORER | SA_NODEFER,
		.restorer = (void *)host_sigreturn,
		.mask = 0,
	};
	host_syscall4(__NR_rt_sigaction, LX_SIGSYS, &sa, 0, 8);
	long r = host_syscall5(__NR_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
	                       __executable_start, etext - __executable_start, &dispatch_selector);
	if (r) {
		print_error("lamina: this host kernel lacks Syscall User Dispatch (Linux 5.11+)", 0);
		host_exit(125);
	}
}

long stat_fix_owner(long r, void *st)
{
	if (r) return r;
	uint32_t *uid = (uint32_t *)((char *)st + LX_STAT_UID);
	uint32_t *gid = (uint32_t *)((char *)st + LX_STAT_GID);
	if (*uid == process.host_uid) *uid = 0;
	if (*gid == process.host_gid) *gid = 0;
	return 0;
}
