/* The Apple-Silicon rules' host side on a Mac, what lkl-linux's
 * --darwin-rules mode does under qemu (lkl-linux/src/arch/aarch64/
 * darwin_rules.c) with Darwin's thread register and signals:
 * - the guest's thread pointer lives in a thread-specific data slot of
 *   Darwin's thread block, which TPIDRRO_EL0 points at (its low three bits
 *   may hold the CPU's number: masked, as Go's runtime does); rewritten
 *   `mrs`/`msr tpidr_el0` read and write it there (rewrite.h). TPIDR_EL0
 *   itself is XNU's to change;
 * - a rewritten svc finds the thread's state through another such slot
 *   (darwin_state_slot, svc_entry.S) and runs the host on its svc stack;
 * - a protection fault in memory the guest asked to be writable and
 *   executable flips it (darwin_maps.h); XNU reports such a fault as
 *   SIGBUS or SIGSEGV;
 * - a fault in the host's reading or writing of guest memory for a call
 *   returns -EFAULT from it (guest_access.h).
 * Any other fault is the guest's (signals.h). */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/sched.h>
#include "host_syscall.h"
#include "clone_args.h"
#include "darwin_maps.h"
#include "dispatcher.h"
#include "guest_access.h"
#include "rules.h"
#include "signals.h"
#include "state.h"
#include "svc_entry.h"
#include "thread.h"
#include "xlat.h"

long darwin_state_slot;
static pthread_key_t state_key, tp_key;

static uint64_t thread_block(void)
{
	uint64_t b;
	__asm__ __volatile__("mrs %0, tpidrro_el0" : "=r"(b));
	return b & ~7ull;
}

/* A key's slot as an offset from the thread block, checked: a value set
 * through the key reads back there. -1 if not, or out of a load's reach. */
static long slot_of(pthread_key_t key)
{
	static const char marker;
	if (pthread_setspecific(key, &marker)) return -1;
	long off = (long)key * (long)sizeof(void *);
	int found = off < 32768 && *(const void *const *)(thread_block() + (uint64_t)off) == &marker;
	pthread_setspecific(key, 0);
	return found ? off : -1;
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	if (darwin_flip((uint64_t)info->si_addr, uc->uc_mcontext->__ss.__pc)) return;
	/* The host's own access to guest memory a call named: -EFAULT, from
	 * the leaf function (guest_access.h) to its caller. */
	uint64_t pc = uc->uc_mcontext->__ss.__pc;
	if (pc >= (uint64_t)guest_access_begin && pc < (uint64_t)guest_access_end) {
		uc->uc_mcontext->__ss.__x[0] = (uint64_t)-LINUX_EFAULT;
		uc->uc_mcontext->__ss.__pc = uc->uc_mcontext->__ss.__lr;
		return;
	}
	/* The guest's own fault: its handler's, or the end of the process. */
	if (!darwin_signal_deliver(sig, info, context)) signal(sig, SIG_DFL);
}

int darwin_rules_start(void)
{
	long tp;
	if (pthread_key_create(&state_key, 0) || pthread_key_create(&tp_key, 0) ||
	    (darwin_state_slot = slot_of(state_key)) < 0 || (tp = slot_of(tp_key)) < 0)
		return -1;
	darwin_maps_rules(&(struct arm64_rules){
		.svc_entry = (uint64_t)darwin_svc_entry,
		.host_tp_mrs = ARM64_MRS_TPIDRRO_EL0,
		.host_tp_and = ARM64_AND_LOW3,
		.tp_slot = (uint32_t)tp,
	});
	/* Every signal blocked meanwhile, as signals.c's handler runs, on the host's own stack. */
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK };
	sigfillset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, 0) || sigaction(SIGBUS, &sa, 0) ? -1 : 0;
}

/* The thread's svc stack, and the alternate stack Darwin runs the host's
 * signal handlers on: their frames never lie on the guest's stack, where
 * a guest handler's frame goes. Mapped by whoever makes the thread, so
 * that a clone without memory fails rather than the thread. */
int darwin_rules_prepare(struct thread_state *t)
{
	void *svc = mmap(0, DARWIN_SVC_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	void *alt = mmap(0, DARWIN_SVC_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (svc == MAP_FAILED || alt == MAP_FAILED) {
		if (svc != MAP_FAILED) munmap(svc, DARWIN_SVC_STACK);
		if (alt != MAP_FAILED) munmap(alt, DARWIN_SVC_STACK);
		return -LINUX_ENOMEM;
	}
	t->svc_top = t->svc_stack = (uint64_t)svc + DARWIN_SVC_STACK;
	t->host_alt = (uint64_t)alt;
	return 0;
}

void darwin_rules_bind(struct thread_state *t)
{
	t->self = t;
	pthread_setspecific(state_key, t);
	if (!t->svc_top && darwin_rules_prepare(t)) {
		static const char msg[] = "lamina: no memory for the host's stacks\n";
		write(2, msg, sizeof msg - 1);
		_exit(126);
	}
	stack_t ss = { .ss_sp = (void *)t->host_alt, .ss_size = DARWIN_SVC_STACK, .ss_flags = 0 };
	sigaltstack(&ss, 0);
}

void darwin_rules_unbind(struct thread_state *t)
{
	if (thread_current() == t) {
		stack_t off = { .ss_flags = SS_DISABLE };
		sigaltstack(&off, 0);
		pthread_setspecific(state_key, 0);
	}
	if (t->host_alt) munmap((void *)t->host_alt, DARWIN_SVC_STACK);
	if (t->svc_top) munmap((void *)(t->svc_top - DARWIN_SVC_STACK), DARWIN_SVC_STACK);
	t->host_alt = t->svc_top = t->svc_stack = 0;
}

uint64_t darwin_guest_tp(void) { return (uint64_t)pthread_getspecific(tp_key); }

void darwin_set_guest_tp(uint64_t tp) { pthread_setspecific(tp_key, (const void *)tp); }

/* A rewritten svc (svc_entry.S saved the registers at regs). rt_sigreturn
 * names the frame at the guest's stack pointer as it was at the svc, above
 * what the stub and the entry pushed; a clone of a thread goes on from
 * these registers (thread.c). */
long darwin_svc(const long *regs)
{
	struct thread_state *t = thread_current();
	uint64_t sp = (uint64_t)regs[DARWIN_SVC_GUEST_SP] + 16 + ARM64_SVC_STACK_USE;
	if (regs[8] == __NR_rt_sigreturn) darwin_sigreturn(sp);
	darwin_deliveries_left(sp);
	/* a raw clone of a thread (Go's runtime): it goes on from these registers */
	if (regs[8] == __NR_clone && (regs[0] & CLONE_THREAD))
		return thread_clone_regs(regs[0], (void *)regs[1], (int *)regs[2], (void *)regs[CLONE_TLS_ARG],
		                         (int *)regs[CLONE_CTID_ARG], regs);
	const long *outer = t->svc_regs;
	t->svc_regs = regs;
	long r = guest_syscall(regs[8], regs[0], regs[1], regs[2], regs[3], regs[4], regs[5]);
	t->svc_regs = outer;
	return r;
}

_Static_assert(__builtin_offsetof(struct thread_state, svc_stack) == DARWIN_SVC_STACK_AT, "svc_entry.S reads the svc stack there");
