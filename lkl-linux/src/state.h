/* What the init host keeps about its process and each of its threads. */
#ifndef STATE_H
#define STATE_H

#include <stdint.h>
#include "channel.h"
#include "arch.h"

/* Per-thread state; thread_current() (arch.h) finds the calling thread's. */
struct thread_state {
	struct thread_state *self;
	/* Under the Apple-Silicon rules: where on the stack a rewritten svc
	 * runs the host on its frames start (a goroutine's stack has no room
	 * for them; svc_entry.S reads it at DARWIN_SVC_STACK_AT): the top, or below a call
	 * a signal interrupted (svc_top). */
	uint64_t svc_stack;
	int channel;        /* this thread's channel to the kernel */
	int tid;            /* the guest's view of the thread id */
	int signals_scoped; /* in a Landlock domain of its own for signals (identity.c) */
	volatile int free;  /* pool slot unused (thread.c) */
	/* Set while a request is out on the channel: a guest signal arriving
	 * then is held pending and blocked (`deferred`), and let in when the
	 * reply is in, so a handler's own calls never interleave with the
	 * pending one. */
	volatile int in_call;
	volatile uint64_t deferred;
	/* Set while a trapped call (compat mode) is served on the guest's
	 * alternate stack, which the guest itself was not on: a guest signal
	 * then would nest below the trap's frames, taking twice the room Linux
	 * takes; it is held like one during a round trip, and arrives once the
	 * trap has returned. */
	volatile int in_trap;
	/* A wait under the guest's mask (sigsuspend, ppoll, pselect6,
	 * epoll_pwait) trapped on its alternate stack and ended by a held
	 * signal: the mask it waited under, and the mask the first handler
	 * after it restores, as Linux's saved_sigmask (signal.c, on_sigsys). */
	int wait_ended, restore_pending;
	uint64_t wait_mask, restore_mask;
	int sigsys_blocked;  /* the guest's view: SIGSYS itself is never blocked (signal.c) */
	int host_tid;       /* the host's id of the thread bound to it (thread_bind) */
	/* The guest's thread pointer under the Apple-Silicon rules, where
	 * rewritten `mrs`/`msr tpidr_el0` find it (darwin_rules.h). */
	uint64_t guest_tp;
	/* Under the Apple-Silicon rules, the svc stack's own top; svc_stack is
	 * below it while a guest handler runs for a signal that interrupted the
	 * host on that stack (the handler's own svc, made from its alternate
	 * stack, would start at the top, over the interrupted call's frames),
	 * and [handler_lo, handler_hi) is then the alternate stack it runs on:
	 * a call from elsewhere was made after a longjmp out of it
	 * (darwin_rules.c). */
	uint64_t svc_top, handler_lo, handler_hi;
	void *robust_head;  /* set_robust_list's, walked when the thread ends */
	/* Where the guest's call into the init host returns to, while the thread
	 * is in one (0 otherwise): what a guest signal handler sees as the
	 * interrupted pc, as if the call were Linux's syscall instruction. */
	void *guest_pc;
	/* Where the trapped call this thread serves was made (compat mode; 0
	 * outside one): the pc the guest's seccomp filters are shown. */
	void *trap_pc;
	/* The registers of the trapped call (compat mode) this thread serves,
	 * while it serves one on the guest's own stack and runs no guest
	 * handler (0 otherwise): a guest signal handler that interrupts the
	 * call runs on them (signal.c). */
	long *trap_regs;
	/* The guest's stack pointer at the trapped call this thread serves (0
	 * outside one), on its alternate stack or not: where a vfork's child
	 * stores what its parent reads (vfork.c). */
	unsigned long trap_sp;
	/* The top of the guest stack the thread began on (the main thread's,
	 * made by the init host; a clone's, given by the guest), 0 when not
	 * known: how far above a vfork's stack pointer its caller's frames,
	 * which the child may store into, can lie (vfork.c). */
	unsigned long stack_top;
	/* How the trapped call this thread serves ends (signal.c): with its
	 * result, made again (a held signal interrupted it), or where a guest
	 * handler moved it. */
	enum { TRAP_END_RESULT, TRAP_END_RESTART, TRAP_END_HANDLER } trap_end;
	long trap_nr;       /* the trapped call's number */
	int holding;        /* a guest signal is being held (signal.c) */
	/* Set while the init host runs the host's vDSO (vdso.c): a signal
	 * arriving there arrives in the init host, not in guest code. */
	volatile int in_vdso;
	/* A trap's signal frame, copied here to be resumed from off the
	 * guest's alternate stack (signal.c, on_sigsys). */
	_Alignas(16) unsigned char resume_frame[LX_UC_SIZE];
	/* The record of this thread's round trips (about 4 KB of buffers),
	 * here rather than on whatever stack the guest called from, which may
	 * be a small sigaltstack. It is touched only while in_call is set or
	 * with every signal blocked, so a guest handler's own calls (which run
	 * only between round trips) never find it in use. A host stack switched
	 * to on entry would not do: a signal interrupting a local call would run
	 * the guest's handler on it, and nested entries would each need one. */
	struct call call;
};

struct process_state {
	int pid;            /* the guest's view of its pid */
	uint32_t host_uid, host_gid;
	uint32_t flags;     /* LAMINA_PLAN_* */
	uint64_t hwcap, hwcap2, clktck, minsigstksz;
	uint64_t proc_dev, proc_ino; /* the plan's: the container's /proc, which the kernel lists */
	uint64_t dev_dev, dev_ino;   /* and its /dev, which it lists too */
	/* Loaded by another libc's loader: its call sites are rewritten at
	 * their first trap (arch/x86_64/call_sites.c). */
	int call_sites;
	/* pid 1's PR_SET_CHILD_SUBREAPER as the guest set it: its host
	 * process is one anyway, the container's orphans' reaper (init.c). */
	int guest_subreaper;
};

extern struct process_state process;
extern struct thread_state main_thread;

/* Makes t the calling thread's state. */
void thread_bind(struct thread_state *t);

#endif
