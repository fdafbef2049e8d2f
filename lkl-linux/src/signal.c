/* Guest signal handlers, Syscall User Dispatch, and the guest's view of
 * file ownership in fd-based stat calls. */
#include <asm/errno.h>
#include <linux/prctl.h>
#include <asm-generic/signal-defs.h>
#include <lamina/host_abi.h>
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

/* The guest's own handlers; the host runs on_guest_signal in their place. */
static struct lx_sigaction guest_actions[LX_NSIG + 1];

typedef void (*guest_handler)(int, void *, void *);

/* The syscall instruction, as the host kernel leaves the pc at it to
 * restart an interrupted call. */
#define SYSCALL_INSN 0x050f

static void on_guest_signal(int sig, void *info, void *uc)
{
	struct thread_state *t = thread_current();
	if (t->in_call) {
		t->deferred |= 1ull << (sig - 1);
		return;
	}
	host_pids_siginfo(sig, info);
	/* Inside a guest's call the handler sees the pc the call returns to, as
	 * on Linux it would see the one after its syscall instruction. A handler
	 * that moves it is ending the call: musl's cancellation handler does so
	 * for a cancellable call (its pc is in musl's __cp_begin..__cp_end), and
	 * the call, blocked here, then returns EINTR, on which musl acts on the
	 * cancel. */
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	long pc = regs[LX_REG_RIP];
	/* guest_pc outlives a call a handler left by longjmp: the pc says whether
	 * the thread is in the init host. */
	int in_host = t->guest_pc && pc >= (long)__executable_start && pc < (long)etext;
	long shown = in_host ? (long)t->guest_pc : pc;
	regs[LX_REG_RIP] = shown;
	((guest_handler)guest_actions[sig].handler)(sig, info, uc);
	if (!in_host) return;
	int moved = regs[LX_REG_RIP] != shown;
	regs[LX_REG_RIP] = pc;
	if (moved && *(const unsigned short *)pc == SYSCALL_INSN) {
		regs[LX_REG_RIP] = pc + 2;
		regs[LX_REG_RAX] = -EINTR;
	}
}

void signal_replay_deferred(struct thread_state *t)
{
	uint64_t pending = t->deferred;
	t->deferred = 0;
	long pid = host_syscall0(__NR_getpid), tid = host_syscall0(__NR_gettid);
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if (pending & (1ull << (sig - 1)))
			host_syscall3(__NR_tgkill, pid, tid, sig);
}

long signal_action(long sig, const void *act, void *oact, long size)
{
	/* SIGSYS carries Syscall User Dispatch; the guest cannot have it. */
	if (sig == LX_SIGSYS && act) return -EINVAL;
	if (sig < 1 || sig > LX_NSIG) return -EINVAL;
	struct lx_sigaction mine, old;
	const struct lx_sigaction *want = act;
	if (want && (unsigned long)want->handler > 1) {
		mine = *want;
		mine.handler = (void *)on_guest_signal;
		mine.flags |= LX_SA_RESTORER | SA_SIGINFO;
		mine.restorer = (void *)host_sigreturn;
		act = &mine;
	}
	struct lx_sigaction before = guest_actions[sig];
	if (want) guest_actions[sig] = *want;
	long r = host_syscall4(__NR_rt_sigaction, sig, act, &old, size);
	if (r) {
		guest_actions[sig] = before;
		return r;
	}
	if (oact) {
		if (old.handler == (void *)on_guest_signal) old = before;
		*(struct lx_sigaction *)oact = old;
	}
	return 0;
}

static void on_sigsys(int sig, struct lx_siginfo_sys *si, void *uc)
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
	long r = dispatch_syscall(si->syscall, regs[LX_REG_RDI], regs[LX_REG_RSI], regs[LX_REG_RDX],
	                          regs[LX_REG_R10], regs[LX_REG_R8], regs[LX_REG_R9]);
	/* A raw clone given a stack: the child (served as a fork) resumes on it,
	 * as the clone wrapper that made the call expects. */
	if (si->syscall == __NR_clone && r == 0 && regs[LX_REG_RSI])
		regs[LX_REG_RSP] = regs[LX_REG_RSI];
	/* rt_sigreturn sets the alternate stack this frame recorded, so one
	 * the guest set in here is recorded too, or it would be undone. */
	if (si->syscall == __NR_sigaltstack && r == 0 && regs[LX_REG_RDI])
		host_syscall2(__NR_sigaltstack, 0, (char *)uc + LX_UC_STACK);
	regs[LX_REG_RAX] = r;
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

long stat_fix_owner(long r, long fd, void *st)
{
	if (r) return r;
	uint32_t *uid = (uint32_t *)((char *)st + LX_STAT_UID);
	uint32_t *gid = (uint32_t *)((char *)st + LX_STAT_GID);
	if (*uid == process.host_uid) *uid = 0;
	if (*gid == process.host_gid) *gid = 0;
	/* Not root on the host: the owner the container gave the file, if any. */
	if (process.host_uid != 0) {
		unsigned char v[LAMINA_OWNER_XATTR_SIZE];
		if (host_syscall4(__NR_fgetxattr, fd, (long)LAMINA_OWNER_XATTR, (long)v, sizeof v) == sizeof v) {
			*uid = v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24;
			*gid = v[4] | v[5] << 8 | v[6] << 16 | (uint32_t)v[7] << 24;
		}
	}
	return 0;
}
