/* Guest signal handlers, Syscall User Dispatch, and the guest's view of
 * file ownership in fd-based stat calls. */
#include <asm/errno.h>
#include <linux/prctl.h>
#include <asm-generic/signal-defs.h>
#include <lamina/host_abi.h>
#include <lamina/linux_abi.h>
#include <lamina/channel.h>
#include "call_sites.h"
#include "darwin_rules.h"
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "seccomp.h"
#include "start.h"
#include "state.h"
#include "util.h"

/* The linker's bounds of the init host's code. */
extern const char __executable_start[], etext[];

static volatile char dispatch_selector = SYSCALL_DISPATCH_FILTER_BLOCK;

/* The guest's own handlers; the host runs on_guest_signal in their place. */
static struct lx_sigaction guest_actions[LX_NSIG + 1];

typedef void (*guest_handler)(int, void *, void *);

/* Signals whose host action is always the init host's: SIGSYS carries
 * Syscall User Dispatch; SIGSEGV and SIGBUS may be its own reads of guest
 * memory (guest_access.h), and under the Apple-Silicon rules SIGSEGV the
 * flips of W^X (darwin_rules.c). The guest's action is kept here, and
 * signal_to_guest hands such a signal on. */
static int host_owned(long sig) { return sig == LX_SIGSYS || sig == LX_SIGSEGV || sig == LX_SIGBUS; }

/* A fault the process itself made (not one sent): it cannot wait, and comes back if ignored. */
static int is_fault(int sig, const void *info)
{
	return (sig == LX_SIGSEGV || sig == LX_SIGBUS || sig == LX_SIGILL || sig == LX_SIGFPE || sig == LX_SIGTRAP) &&
	       ((const struct lx_siginfo_child *)info)->code > 0;
}

/* Ends the process by sig at its default action, as Linux would. */
static _Noreturn void die_of(int sig)
{
	struct lx_sigaction dfl = {0};
	uint64_t bit = 1ull << (sig - 1);
	host_syscall4(__NR_rt_sigaction, sig, &dfl, 0, 8);
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_UNBLOCK, &bit, 0, 8);
	host_syscall3(__NR_tgkill, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), sig);
	host_exit(128 + sig);
}

/* Linux's pid-namespace init takes no signal at its default action, from
 * inside or outside, but a fault of its own (get_signal drops the rest for an
 * unkillable init: SIGTERM does not end `sleep` as pid 1). It is decided when
 * the signal is delivered, not when sent, as Linux does: a check when sent
 * would be stale by then (a fork blocks every signal for a moment). So while
 * the guest's action is the default, pid 1 holds on the host an action of its
 * own: SIG_IGN for a signal that would end or stop it (the host then drops it
 * unless blocked, keeps it pending while blocked or awaited in sigtimedwait,
 * and drops it at the unblock), and for a fault signal signal_to_guest, which
 * drops one sent and ends the process on a real fault. */
static uint64_t init_held; /* the signals whose host action is pid 1's own */

enum init_kind { INIT_NONE, INIT_IGNORE, INIT_FAULT };

/* The signals whose default action leaves the process as it is. */
static int default_harmless(long sig)
{
	return sig == LX_SIGCHLD || sig == LX_SIGCONT || sig == LX_SIGURG || sig == LX_SIGWINCH;
}

static enum init_kind init_kind(long sig)
{
	if (default_harmless(sig)) return INIT_NONE;
	switch (sig) {
	case LX_SIGKILL: case LX_SIGSTOP:                /* cannot be caught */
	case LX_SIGSYS: case LX_SIGSEGV: case LX_SIGBUS: /* the host's own handler */
		return INIT_NONE;
	case LX_SIGILL: case LX_SIGTRAP: case LX_SIGFPE:
		return INIT_FAULT;
	default:
		return INIT_IGNORE;
	}
}

/* The host action pid 1 holds for sig (not INIT_NONE) while the guest's is the default. */
static struct lx_sigaction init_action(long sig)
{
	if (init_kind(sig) == INIT_IGNORE) return (struct lx_sigaction){ .handler = (void *)1 };
	return (struct lx_sigaction){ .handler = (void *)signal_to_guest, .flags = LX_SA_RESTORER | SA_SIGINFO | SA_ONSTACK,
	                              .restorer = (void *)host_sigreturn };
}

/* Holds pid 1's own action for each signal at the host's default; one the
 * guest ignored itself (before an exec) stays the guest's. */
static void init_hold_defaults(void)
{
	for (int sig = 1; sig <= LX_NSIG; sig++) {
		uint64_t bit = 1ull << (sig - 1);
		if (init_kind(sig) == INIT_NONE || (init_held & bit)) continue;
		struct lx_sigaction now, mine = init_action(sig);
		if (host_syscall4(__NR_rt_sigaction, sig, 0, &now, 8) || now.handler) continue;
		if (!host_syscall4(__NR_rt_sigaction, sig, &mine, 0, 8)) init_held |= bit;
	}
}

void signal_init_hold(void)
{
	init_hold_defaults();
	/* Spawned with every signal blocked (Spawner.java) until now; a container's
	 * first process starts with none blocked, as Docker's. */
	uint64_t none = 0;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &none, 0, 8);
}

void signal_init_settle(uint64_t inherited)
{
	for (int sig = 1; sig <= LX_NSIG; sig++) {
		uint64_t bit = 1ull << (sig - 1);
		if (!host_owned(sig) || !(inherited & bit)) continue;
		guest_actions[sig].handler = (void *)1;
		inherited &= ~bit;
	}
	init_held |= inherited;
	if (process.pid == 1) init_hold_defaults();
	else signal_init_forget();
}

uint64_t signal_init_ignored(void)
{
	uint64_t ignored = 0;
	for (int sig = 1; sig <= LX_NSIG; sig++) {
		if (init_kind(sig) == INIT_IGNORE) ignored |= init_held & (1ull << (sig - 1));
		/* The host keeps its action ignored across the exec; one of its own, the guest's is said. */
		if (host_owned(sig) && (unsigned long)guest_actions[sig].handler == 1) ignored |= 1ull << (sig - 1);
	}
	return ignored;
}

void signal_init_forget(void)
{
	struct lx_sigaction dfl = {0};
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if (init_held & (1ull << (sig - 1))) host_syscall4(__NR_rt_sigaction, sig, &dfl, 0, 8);
	init_held = 0;
}

void signal_init_exec(void)
{
	if (process.pid != 1) return;
	struct lx_sigaction ign = { .handler = (void *)1 };
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if (init_kind(sig) == INIT_IGNORE && (unsigned long)guest_actions[sig].handler > 1 &&
		    !host_syscall4(__NR_rt_sigaction, sig, &ign, 0, 8))
			init_held |= 1ull << (sig - 1);
}

/* SA_RESETHAND, kept here rather than given to the host: the host would reset
 * its own action, which for pid 1 must become pid 1's, and a signal deferred
 * during a call would be replayed to the default. The handler about to run is
 * the last: the guest's action becomes the default. */
static void own_fault_action(long sig);

static void reset_hand(int sig)
{
	struct lx_sigaction dfl = {0};
	guest_actions[sig] = dfl;
	if (host_owned(sig)) {
		if (sig != LX_SIGSYS) own_fault_action(sig);
		return;
	}
	int held = process.pid == 1 && init_kind(sig) != INIT_NONE;
	struct lx_sigaction now = held ? init_action(sig) : dfl;
	if (!host_syscall4(__NR_rt_sigaction, sig, &now, 0, 8) && held) init_held |= 1ull << (sig - 1);
}

/* Whether a signal found the thread in the trapped call it serves, blocked
 * in the host and about to restart: at a syscall instruction of the init
 * host's, the trapped call's own number in place, and not inside the
 * holding of another signal (whose own calls are never the trapped one). */
static int blocked_in(struct thread_state *t, const long *regs)
{
	long pc = regs[LX_REG_PC];
	return !t->holding && is_syscall_insn(pc) && regs[LX_REG_NR] == t->trap_nr;
}

/* Whether the host call just made ended with EINTR for this signal. */
static int ended_by_signal(const long *regs)
{
	long pc = regs[LX_REG_PC];
	return regs[LX_REG_RET] == -EINTR && pc - SYSCALL_INSN_SIZE >= (long)__executable_start &&
	       is_syscall_insn(pc - SYSCALL_INSN_SIZE);
}

int signal_sigsys_handled(void)
{
	unsigned long handler = (unsigned long)guest_actions[LX_SIGSYS].handler;
	if (handler <= 1) return 0; /* SIG_DFL, SIG_IGN */
	if (signal_sigsys_traps()) return !thread_current()->sigsys_blocked; /* the guest's view: the host never blocks it */
	uint64_t mask;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, 0, &mask, 8);
	return !(mask >> (LX_SIGSYS - 1) & 1);
}

int signal_sigsys_traps(void)
{
	return (process.flags & LAMINA_PLAN_COMPAT) && !darwin_rules;
}

/* The guest's handler, shown the guest's view of its mask in uc (SIGSYS as
 * the guest blocked it: the host never blocks it, see mask_in_frame), and
 * what it leaves there taken back. */
static void run_handler(guest_handler handler, int sig, void *info, void *uc)
{
	if (!signal_sigsys_traps()) { /* SIGSYS is no different from others: nothing to translate */
		handler(sig, info, uc);
		return;
	}
	struct thread_state *t = thread_current();
	uint64_t *mask = (uint64_t *)((char *)uc + LX_UC_SIGMASK);
	const uint64_t sys = 1ull << (LX_SIGSYS - 1);
	if (t->sigsys_blocked) *mask |= sys;
	handler(sig, info, uc);
	t->sigsys_blocked = (*mask & sys) != 0;
	*mask &= ~sys;
}

/* A call that waits under a mask the guest gives (sigsuspend, ppoll,
 * pselect6, epoll_pwait), in compat mode: made with SIGSYS left out, which
 * the host must never block (mask_in_frame), or the first trap of a handler
 * run under it would end the process. */
long signal_masked_wait(long nr, long args[6])
{
	struct { const void *set; unsigned long len; } indirect;
	int at = nr == __NR_rt_sigsuspend ? 0 : nr == __NR_ppoll ? 3 : 4; /* the mask's argument */
	const void *set = (const void *)args[at];
	unsigned long len = (unsigned long)args[at + 1];
	if (nr == __NR_pselect6) {
		if (!args[5]) return host_syscall6(nr, args[0], args[1], args[2], args[3], args[4], 0);
		if (guest_copy(&indirect, (const void *)args[5], sizeof indirect)) return -EFAULT;
		set = indirect.set;
		len = indirect.len;
	}
	uint64_t mask;
	int swapped = set && len == sizeof mask;
	if (swapped) {
		if (guest_copy(&mask, set, sizeof mask)) return -EFAULT;
		mask &= ~(1ull << (LX_SIGSYS - 1));
		if (nr == __NR_pselect6) {
			indirect.set = &mask;
			args[5] = (long)&indirect;
		} else {
			args[at] = (long)&mask;
		}
	}
	long r = host_syscall6(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
	struct thread_state *t = thread_current();
	if (swapped && r == -EINTR && t->in_trap) {
		t->wait_mask = mask;
		t->wait_ended = 1;
	}
	return r;
}

/* A guest handler that interrupts a trapped call served on the guest's own
 * stack, where the host call is blocked (to restart) or has just ended by
 * the signal, runs on the trap's frame: the guest's registers as the call
 * left them, shown as Linux shows an interrupted call (the pc on the
 * syscall instruction and the call's number in place while it is to
 * restart, for SA_RESTART; after it with -EINTR otherwise). The rest of the
 * call runs under the mask the handler leaves, as after its sigreturn on
 * Linux. A handler that moves the pc leaves the call: a restarting one
 * ends, and the trap returns with the handler's registers (a static musl's
 * cancellation handler moves it out of its cancellable region). Not yet:
 * other registers a handler changes in a restarting call (Linux would
 * restart it with them). */
static void signal_in_trap(guest_handler handler, int sig, void *info, void *uc, int restarting)
{
	struct thread_state *t = thread_current();
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT), *trap = t->trap_regs;
	char *trap_uc = (char *)trap - LX_UC_MCONTEXT;
	long pc = regs[LX_REG_PC], at = trap[LX_REG_PC], ret = trap[LX_REG_RET];
	if (restarting) trap[LX_REG_PC] = at - SYSCALL_INSN_SIZE;
	else trap[LX_REG_RET] = -EINTR;
	long shown = trap[LX_REG_PC], nr = t->trap_nr;
	int end = t->trap_end;
	uint64_t held = t->deferred; /* a trap of the handler's own lets its held ones in at its end */
	t->trap_regs = 0; /* the handler's own traps are others; one that leaves by longjmp leaves none behind */
	run_handler(handler, sig, info, trap_uc);
	t->trap_regs = trap;
	t->trap_nr = nr;
	t->trap_end = end;
	t->deferred |= held;
	*(uint64_t *)((char *)uc + LX_UC_SIGMASK) = *(uint64_t *)(trap_uc + LX_UC_SIGMASK) | t->deferred;
	if (trap[LX_REG_PC] == shown) {
		trap[LX_REG_PC] = at;
		trap[LX_REG_RET] = ret;
		return;
	}
	t->trap_end = TRAP_END_HANDLER;
	if (restarting) {
		regs[LX_REG_PC] = pc + SYSCALL_INSN_SIZE;
		regs[LX_REG_RET] = -EINTR;
	}
}

/* A signal that came as another thread changed its action to SIG_IGN or
 * SIG_DFL (the host chose this handler, the guest's action is no longer
 * one): taken as the new action takes it. Ignored, or a default that
 * ignores, ends here; another default is raised again, blocked until this
 * handler returns, for the host's action (the default by then, or pid 1's)
 * to carry out. */
static void action_changed(int sig, unsigned long handler)
{
	if (handler == 1 || default_harmless(sig)) return;
	uint64_t bit = 1ull << (sig - 1);
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &bit, 0, 8);
	host_syscall3(__NR_tgkill, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), sig);
}

static void on_guest_signal(int sig, void *info, void *uc)
{
	struct thread_state *t = thread_current();
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	long pc = regs[LX_REG_PC];
	if ((t->in_call || t->in_trap) && is_fault(sig, info)) {
		/* A step through the init host's own code: Linux's kernel code shows none. */
		if (sig == LX_SIGTRAP) return;
		/* A fault of the init host's own, inside a call: no guest handler mends it (held, it would come again for ever). */
		die_of(sig);
	}
	int in_host = (pc >= (long)__executable_start && pc < (long)etext) || t->in_vdso;
	/* In a trapped call, a handler runs where Linux would run one: at the
	 * host call blocked (to restart) or just ended by the signal. Anywhere
	 * else in the call the signal waits for the trap's end, as Linux
	 * delivers one as the call returns. */
	int in_trap_call = in_host && !t->in_call && (t->in_trap || t->trap_regs);
	int restarting = in_trap_call && blocked_in(t, regs);
	int ended = in_trap_call && t->trap_regs && !restarting && ended_by_signal(regs);
	if (t->in_call || t->in_trap || (in_trap_call && !restarting && !ended)) {
		/* Held by the host: queued again to this thread, with its siginfo
		 * and behind any of its kind, and blocked as this handler returns,
		 * until the call's end unblocks it (a process may queue itself any
		 * siginfo; Linux checks the code only for another's). */
		int outer = t->holding;
		t->holding = 1;
		uint64_t bit = 1ull << (sig - 1);
		uint8_t again[LX_SIGINFO_SIZE];
		memcpy(again, info, sizeof again);
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &bit, 0, 8); /* already, unless SA_NODEFER */
		host_syscall4(__NR_rt_tgsigqueueinfo, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), sig, again);
		*(uint64_t *)((char *)uc + LX_UC_SIGMASK) |= bit;
		t->deferred |= bit;
		/* A call the kernel blocks in (semop, msgrcv) ends with EINTR, as Linux's would for this handler. */
		if (t->in_call) call_interrupt(&t->call);
		/* On the guest's alternate stack, a trapped call blocked in the
		 * host, which would restart, ends now, and the trap returns to its
		 * syscall instruction (serve_trap), so the signal arrives as Linux
		 * delivers one that interrupts a call it restarts, and the call is
		 * made again after the handler. Held until the call's end instead,
		 * it could wait for ever (a Go program's SIGTERM, taken by a
		 * thread asleep in a futex). */
		if (t->in_trap && restarting) {
			regs[LX_REG_PC] = pc + SYSCALL_INSN_SIZE;
			regs[LX_REG_RET] = -EINTR;
			t->trap_end = TRAP_END_RESTART;
		}
		/* Past held_call's look at the held signals, short of its call: not made either (dispatch_local). */
		if (t->in_trap && pc >= (long)held_call_check && pc < (long)held_call_syscall)
			regs[LX_REG_PC] = (long)held_call_refused;
		t->holding = outer;
		return;
	}
	host_pids_siginfo(sig, info);
	guest_handler handler = (guest_handler)__atomic_load_n(&guest_actions[sig].handler, __ATOMIC_RELAXED);
	if ((unsigned long)handler <= 1) {
		action_changed(sig, (unsigned long)handler);
		return;
	}
	if (guest_actions[sig].flags & SA_RESETHAND) reset_hand(sig);
	if (in_trap_call) {
		signal_in_trap(handler, sig, info, uc, restarting);
		return;
	}
	if (t->restore_pending) { /* the first handler after a wait it ended (on_sigsys) */
		*(uint64_t *)((char *)uc + LX_UC_SIGMASK) = t->restore_mask;
		t->restore_pending = 0;
	}
	/* Inside a guest's call the handler sees the pc the call returns to, as
	 * on Linux it would see the one after its syscall instruction. A handler
	 * that moves it is ending the call: musl's cancellation handler does so
	 * for a cancellable call (its pc is in musl's __cp_begin..__cp_end), and
	 * the call, blocked here, then returns EINTR, on which musl acts on the
	 * cancel. guest_pc outlives a call a handler left by longjmp: the pc
	 * says whether the thread is in the init host. */
	in_host = in_host && t->guest_pc;
	long shown = in_host ? (long)t->guest_pc : pc;
	regs[LX_REG_PC] = shown;
	uint64_t svc = darwin_handler_enter(t, uc);
	run_handler(handler, sig, info, uc);
	darwin_handler_leave(t, svc);
	if (!in_host) {
		call_sites_resume(&regs[LX_REG_PC]);
		return;
	}
	int moved = regs[LX_REG_PC] != shown;
	regs[LX_REG_PC] = pc;
	if (moved && is_syscall_insn(pc)) {
		regs[LX_REG_PC] = pc + SYSCALL_INSN_SIZE;
		regs[LX_REG_RET] = -EINTR;
	} else if (moved) {
		t->call.left = 1; /* run at a routed call's end (route_end_again): it ends with EINTR */
	}
}

void signal_replay_deferred(struct thread_state *t)
{
	if (t->in_trap || t->trap_regs) return; /* the trap's frame lets them in as it returns (on_sigsys) */
	uint64_t held = t->deferred;
	t->deferred = 0;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_UNBLOCK, &held, 0, 8);
}

int signal_call_again(struct thread_state *t, uint64_t held)
{
	if (!held) return 0;
	int restarts = 1;
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if ((held >> (sig - 1) & 1) && (unsigned long)guest_actions[sig].handler > 1) {
			restarts = (guest_actions[sig].flags & SA_RESTART) != 0;
			break;
		}
	if (!t->in_trap && !t->trap_regs) return restarts;
	/* The trap returns to its syscall instruction, whose registers still
	 * hold the call, and the held signals come in before it runs again. */
	if (restarts) t->trap_end = TRAP_END_RESTART;
	return 0;
}

int signal_children_reaped(void)
{
	return (unsigned long)guest_actions[LX_SIGCHLD].handler == 1 || (guest_actions[LX_SIGCHLD].flags & SA_NOCLDWAIT);
}

long signal_action(long sig, const void *act, void *oact, long size)
{
	if (sig < 1 || sig > LX_NSIG) return -EINVAL;
	/* The host's handler stays (host_owned). Go's runtime sets a SIGSYS
	 * handler, and stops when it cannot. */
	if (host_owned(sig)) {
		if (size != 8) return -EINVAL;
		struct lx_sigaction before = guest_actions[sig];
		if (act) guest_actions[sig] = *(const struct lx_sigaction *)act;
		if (act && sig != LX_SIGSYS) own_fault_action(sig);
		if (oact) *(struct lx_sigaction *)oact = before;
		return 0;
	}
	struct lx_sigaction mine, old;
	const struct lx_sigaction *want = act;
	uint64_t bit = 1ull << (sig - 1);
	int was_held = (init_held & bit) != 0, holds = 0;
	if (want && (unsigned long)want->handler > 1) {
		mine = *want;
		mine.handler = (void *)on_guest_signal;
		mine.flags = (mine.flags & ~(unsigned long)SA_RESETHAND) | LX_SA_RESTORER | SA_SIGINFO;
		/* SIGSYS carries the traps: blocked while the handler runs (a JVM's
		 * handlers block every signal), its first trapped call would end
		 * the process. */
		mine.mask &= ~(1ull << (LX_SIGSYS - 1));
		mine.restorer = (void *)host_sigreturn;
		act = &mine;
	} else if (want && !want->handler && process.pid == 1 && init_kind(sig) != INIT_NONE) {
		mine = init_action(sig);
		act = &mine;
		holds = 1;
	}
	/* A handler is the guest's before the host's action leads to it; SIG_IGN
	 * or SIG_DFL after the host's no longer does (a signal caught between
	 * the two runs the handler it came for, or action_changed). */
	struct lx_sigaction before = guest_actions[sig];
	int handled = want && (unsigned long)want->handler > 1;
	if (handled) guest_actions[sig] = *want;
	long r = host_syscall4(__NR_rt_sigaction, sig, act, &old, size);
	if (r) {
		guest_actions[sig] = before;
		return r;
	}
	if (want && !handled) guest_actions[sig] = *want;
	if (want) init_held = holds ? init_held | bit : init_held & ~bit;
	/* Children the host now reaps by itself leave no wait to forget them by. */
	if (want && sig == LX_SIGCHLD && signal_children_reaped()) children_clear();
	if (oact) {
		if (old.handler == (void *)on_guest_signal || was_held) old = before;
		*(struct lx_sigaction *)oact = old;
	}
	return 0;
}

/* A fault in one of guest_access.S's functions: it returns -EFAULT. */
static int guest_access_fixup(void *uc)
{
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	if (regs[LX_REG_PC] < (long)guest_access_begin || regs[LX_REG_PC] >= (long)guest_access_end) return 0;
	regs[LX_REG_RET] = -EFAULT;
	frame_leaf_return(regs);
	return 1;
}

/* SIGSEGV's or SIGBUS's host action: the init host's handler, with the
 * guest's SA_RESTART and SA_ONSTACK (a call it interrupts, the stack it runs on). */
static void own_fault_action(long sig)
{
	if (darwin_rules && sig == LX_SIGSEGV) return; /* darwin_rules.c's own */
	unsigned long guest = guest_actions[sig].flags & (SA_RESTART | SA_ONSTACK);
	struct lx_sigaction sa = { .handler = (void *)signal_to_guest,
	                           .flags = LX_SA_RESTORER | SA_SIGINFO | SA_NODEFER | guest,
	                           .restorer = (void *)host_sigreturn };
	host_syscall4(__NR_rt_sigaction, sig, &sa, 0, 8);
}

void signal_own_faults(void)
{
	own_fault_action(LX_SIGSEGV);
	own_fault_action(LX_SIGBUS);
}

void signal_to_guest(int sig, void *info, void *uc)
{
	if ((sig == LX_SIGSEGV || sig == LX_SIGBUS) && is_fault(sig, info) && guest_access_fixup(uc)) return;
	struct lx_sigaction *guest = &guest_actions[sig];
	unsigned long h = (unsigned long)guest->handler;
	/* SIG_IGN; a fault ignored would only fault again, so it ends the process as Linux's does */
	if (h == 1 && !is_fault(sig, info)) return;
	if (h > 1) {
		/* The guest's mask for its handler (the host's action is not the guest's, so the host set none). */
		uint64_t mask = guest->mask & ~(1ull << (LX_SIGSYS - 1));
		if (!(guest->flags & SA_NODEFER)) mask |= 1ull << (sig - 1);
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &mask, 0, 8);
		on_guest_signal(sig, info, uc);
		return;
	}
	/* One sent (a fault's code is positive) to pid 1, as Linux's init drops it. */
	if (process.pid == 1 && ((struct lx_siginfo_child *)info)->code <= 0) return;
	die_of(sig);
}

/* sigaltstack made by guest code that traps: this handler runs on the
 * guest's alternate stack when it has one (SA_ONSTACK: a goroutine's stack
 * has no room for a signal frame), where the host refuses a change (EPERM).
 * The frame's record of the alternate stack is what rt_sigreturn sets, so
 * the call is answered from it and made on it, as Linux would at guest_sp. */
static long altstack_in_frame(const struct lx_stack *want, struct lx_stack *old, struct lx_stack *frame, long guest_sp)
{
	int on = !(frame->flags & LX_SS_DISABLE) && (unsigned long)guest_sp > (unsigned long)frame->sp &&
	         (unsigned long)guest_sp - (unsigned long)frame->sp <= frame->size;
	struct lx_stack before = *frame;
	if (want) {
		if (on) return -EPERM;
		int mode = want->flags & ~(int)LX_SS_AUTODISARM;
		if (mode != 0 && mode != LX_SS_ONSTACK && mode != LX_SS_DISABLE) return -EINVAL;
		if (mode == LX_SS_DISABLE) {
			*frame = (struct lx_stack){.flags = LX_SS_DISABLE};
		} else {
			if (want->size < LX_MINSIGSTKSZ) return -ENOMEM;
			*frame = *want;
			frame->flags = want->flags & (int)LX_SS_AUTODISARM;
		}
	}
	if (old) {
		*old = before;
		old->flags = (before.flags & (int)LX_SS_AUTODISARM) |
		             (on ? LX_SS_ONSTACK : before.size == 0 ? LX_SS_DISABLE : 0);
	}
	return 0;
}

/* rt_sigprocmask made by guest code that traps: rt_sigreturn sets the
 * frame's mask when the trap returns, so the call is made on that. */
static long mask_in_frame(long how, const uint64_t *set, uint64_t *old, long size, uint64_t *frame)
{
	if (size != 8) return -EINVAL;
	/* SIGSYS carries the traps: blocked, the next trap would take it
	 * back from the host handler (a forced signal resets a blocked one).
	 * The guest's wish to block it is kept apart. */
	const uint64_t sys = 1ull << (LX_SIGSYS - 1);
	struct thread_state *t = thread_current();
	uint64_t before = *frame | (t->sigsys_blocked ? sys : 0);
	if (set) {
		uint64_t now;
		if (how == LX_SIG_BLOCK) now = before | *set;
		else if (how == LX_SIG_UNBLOCK) now = before & ~*set;
		else if (how == LX_SIG_SETMASK) now = *set;
		else return -EINVAL;
		now &= ~((1ull << (LX_SIGKILL - 1)) | (1ull << (LX_SIGSTOP - 1)));
		t->sigsys_blocked = (now & sys) != 0;
		*frame = now & ~sys;
	}
	if (old) *old = before;
	return 0;
}

static void serve_trapped(struct lx_siginfo_sys *si, void *uc);

/* A trapped call: the guest's own seccomp filters judge it first (calls
 * answered here before the dispatcher too), with the pc it was made at. */
static void serve_trap(struct lx_siginfo_sys *si, void *uc)
{
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	struct thread_state *t = thread_current();
	void *outer = t->trap_pc;
	t->trap_pc = si->call_addr;
	long args[6] = { regs[LX_REG_ARG0], regs[LX_REG_ARG1], regs[LX_REG_ARG2], regs[LX_REG_ARG3], regs[LX_REG_ARG4], regs[LX_REG_ARG5] };
	long verdict = seccomp_filter(si->syscall, args, (uint64_t)si->call_addr);
	if (verdict != DISPATCH_PASS) regs[LX_REG_RET] = verdict;
	else serve_trapped(si, uc);
	t->trap_pc = outer;
}

static void serve_trapped(struct lx_siginfo_sys *si, void *uc)
{
	long *regs = (long *)((char *)uc + LX_UC_MCONTEXT);
	if (si->syscall == __NR_rt_sigprocmask && (process.flags & LAMINA_PLAN_COMPAT)) {
		regs[LX_REG_RET] = mask_in_frame(regs[LX_REG_ARG0], (const uint64_t *)regs[LX_REG_ARG1], (uint64_t *)regs[LX_REG_ARG2],
		                                 regs[LX_REG_ARG3], (uint64_t *)((char *)uc + LX_UC_SIGMASK));
		return;
	}
	if (si->syscall == __NR_sigaltstack && (process.flags & LAMINA_PLAN_COMPAT)) {
		regs[LX_REG_RET] = altstack_in_frame((const struct lx_stack *)regs[LX_REG_ARG0], (struct lx_stack *)regs[LX_REG_ARG1],
		                                     (struct lx_stack *)((char *)uc + LX_UC_STACK), regs[LX_REG_SP]);
		return;
	}
	/* the vDSO's own calls are the host's kind, whoever called it */
	int from_vdso = vdso_fallback((unsigned long)si->call_addr, si->syscall, regs[LX_REG_ARG0]);
	if (!(process.flags & LAMINA_PLAN_COMPAT) && !from_vdso) {
		char nbuf[21], abuf[19];
		print_error("lamina: strict mode: guest code at ", hex_format(abuf, (uint64_t)si->call_addr),
		            " made system call ", dec_format(nbuf, si->syscall),
		            " directly instead of through musl+", 0);
		route_simple(LAMINA_OP_STRICT_VIOLATION, si->syscall, (long)si->call_addr);
		host_exit(128 + LX_SIGSYS);
	}
	if (!from_vdso) call_sites_patch(si->syscall, si->call_addr);
	struct thread_state *t = thread_current();
	t->trap_regs = t->in_trap ? 0 : regs; /* on the guest's alternate stack its signals wait for the trap's end */
	unsigned long outer_sp = t->trap_sp;
	t->trap_sp = (unsigned long)regs[LX_REG_SP];
	t->trap_nr = si->syscall;
	/* A thread unmapping the stack it runs on, this trap's too, and exiting
	 * next (musl's __unmapself): there is no frame to return to, so the
	 * thread ends here, as it was about to. */
	unsigned long here = (unsigned long)__builtin_frame_address(0);
	if (si->syscall == __NR_munmap && here - (unsigned long)regs[LX_REG_ARG0] < (unsigned long)regs[LX_REG_ARG1] &&
	    exits_next(regs[LX_REG_PC]))
		thread_unmapself((void *)regs[LX_REG_ARG0], (unsigned long)regs[LX_REG_ARG1]);
	int outer_left = t->call.left; /* guest_call's, cleared for this call (a longjmp may have left it set) */
	t->call.left = 0;
	long r = si->syscall == __NR_clone && (regs[LX_REG_ARG0] & LX_CLONE_THREAD)
	                 ? thread_clone_raw(regs[LX_REG_ARG0], (void *)regs[LX_REG_ARG1], (int *)regs[LX_REG_ARG2],
	                                    (int *)regs[LX_REG_ARG3], (void *)regs[LX_REG_ARG4], uc)
	                 : dispatch_syscall(si->syscall, regs[LX_REG_ARG0], regs[LX_REG_ARG1], regs[LX_REG_ARG2],
	                                    regs[LX_REG_ARG3], regs[LX_REG_ARG4], regs[LX_REG_ARG5]);
	t->call.left = outer_left;
	/* A raw clone given a stack: the child (served as a fork) resumes on it,
	 * as the clone wrapper that made the call expects. */
	if (si->syscall == __NR_clone && r == 0 && regs[LX_REG_ARG1])
		regs[LX_REG_SP] = regs[LX_REG_ARG1];
	t->trap_regs = 0;
	t->trap_sp = outer_sp;
	int end = t->trap_end;
	t->trap_end = TRAP_END_RESULT;
	if (end == TRAP_END_RESTART) regs[LX_REG_PC] -= SYSCALL_INSN_SIZE; /* made again, from the registers it was made with */
	if (end == TRAP_END_RESULT) regs[LX_REG_RET] = r;
}

static void on_sigsys(int sig, struct lx_siginfo_sys *si, void *uc)
{
	(void)sig;
	/* Every guest signal is blocked on entry (this handler's mask): the
	 * guest's own mask, the frame's, comes back once in_trap says whether
	 * a guest signal must wait for the trap's end. */
	uint64_t *guest_mask = (uint64_t *)((char *)uc + LX_UC_SIGMASK);
	*guest_mask &= ~(1ull << (LX_SIGSYS - 1)); /* see mask_in_frame */
	if (si->code != LX_SYS_USER_DISPATCH) {
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, guest_mask, 0, 8);
		signal_to_guest(LX_SIGSYS, si, uc);
		return;
	}
	/* SA_ONSTACK brought the trap onto the guest's alternate stack, which
	 * the guest was not on (the frame records where it was). */
	int flags = ((struct lx_stack *)((char *)uc + LX_UC_STACK))->flags;
	struct thread_state *t = thread_current();
	/* No handler ran after a wait that a held signal ended (its action
	 * changed meanwhile): the mask from before the wait comes back now. */
	if (t->restore_pending) {
		*guest_mask = t->restore_mask;
		t->restore_pending = 0;
	}
	int onto_altstack = !(flags & (LX_SS_DISABLE | LX_SS_ONSTACK)) && !t->in_trap;
	if (onto_altstack) t->in_trap = 1;
	struct lx_stack *frame_stack = (struct lx_stack *)((char *)uc + LX_UC_STACK);
	struct lx_stack entry_stack = *frame_stack;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, guest_mask, 0, 8);
	serve_trap(si, uc);
	/* Held signals stay pending until rt_sigreturn restores the guest's
	 * mask, the frame's: they arrive on the guest's own stack state. */
	if (onto_altstack) t->in_trap = 0;
	/* A wait under a mask of the guest's (sigsuspend, ppoll, ...) that a held
	 * signal ended: as Linux, its handler runs under the wait's mask, and the
	 * mask from before the wait comes back when the handler returns (the
	 * handler's frame restores it: on_guest_signal). Returned to under the
	 * frame's own mask, which blocks it, the signal would wait for the next
	 * such wait, and end that one the same way. */
	if (t->wait_ended) {
		t->wait_ended = 0;
		if (t->deferred & ~t->wait_mask) {
			t->restore_mask = *guest_mask;
			t->restore_pending = 1;
			*guest_mask = t->wait_mask;
		}
	}
	t->deferred = 0;
	/* The trap disabled or replaced the alternate stack this handler runs
	 * on, which rt_sigreturn refuses to change from a stack pointer on it
	 * (a thread that disables its stack and unmaps it, as Rust's threads do
	 * when they end, would take its next trap on unmapped memory): the
	 * frame is resumed from a copy off it, every signal blocked until
	 * rt_sigreturn sets the frame's mask. The frame's FPU state stays
	 * where it is, read by that rt_sigreturn. */
	if (onto_altstack && (frame_stack->sp != entry_stack.sp || frame_stack->size != entry_stack.size ||
	                      frame_stack->flags != entry_stack.flags)) {
		uint64_t all = ~0ull;
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &all, 0, 8);
		memcpy(t->resume_frame, uc, LX_UC_SIZE);
		host_resume_frame(t->resume_frame);
	}
}

void signal_enable_dispatch(void)
{
	struct lx_sigaction sa = {
		.handler = (void *)on_sigsys,
		.flags = SA_SIGINFO | LX_SA_RESTORER | SA_NODEFER | SA_ONSTACK,
		.restorer = (void *)host_sigreturn,
		.mask = ~(1ull << (LX_SIGSYS - 1)),
	};
	if (!HAS_SYSCALL_USER_DISPATCH) {
		/* Nothing traps guest code's own calls: a program that makes them
		 * (static, or loaded by another libc's loader) would reach the host. */
		if ((process.flags & LAMINA_PLAN_COMPAT) && !darwin_rules) {
			print_error("lamina: on this architecture only programs that musl+ loads can run "
			            "(no Syscall User Dispatch): not static programs or other libcs", 0);
			host_exit(126);
		}
		return;
	}
	host_syscall4(__NR_rt_sigaction, LX_SIGSYS, &sa, 0, 8);
	long r = host_syscall5(__NR_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
	                       __executable_start, etext - __executable_start, &dispatch_selector);
	if (r) {
		print_error("lamina: this host kernel lacks Syscall User Dispatch (Linux 5.11+)", 0);
		host_exit(125);
	}
}

long owner_fix(long r, long fd, uint32_t *uid, uint32_t *gid)
{
	if (r) return r;
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
