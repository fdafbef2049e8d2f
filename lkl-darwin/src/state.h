/* What the Darwin init host keeps about each of its threads (the fields
 * lkl-common/src/dispatcher.h asks of every host). The host's own thread
 * pointer stays Darwin's (TPIDRRO_EL0 on arm64, %gs on x86-64), which guest
 * code cannot change; the guest's thread pointer lives in a slot of
 * Darwin's thread block on arm64 (arm64/rules.c), in %fs through an LDT
 * entry on x86-64 (x86_64/thread_pointer.c; see docs/macos.md). */
#ifndef STATE_H
#define STATE_H

#include <pthread.h>
#include <stdint.h>
#include "channel.h"
#include "signal_queue.h"

struct thread_state {
	struct thread_state *self;
	/* Where a rewritten svc runs the host on its frames start
	 * (svc_entry.h, DARWIN_SVC_STACK_AT), and that stack's top. */
	uint64_t svc_stack, svc_top;
	int channel;        /* this thread's channel to the kernel */
	int tid;            /* the guest's view of the thread id */
	/* Set while a request is out on the channel: guest signals arriving
	 * then wait in `deferred` until the reply is in (as on Linux). */
	volatile int in_call;
	volatile uint64_t deferred;
	struct call call;   /* this thread's round trips, off the guest's stack */
	/* Set while the host serves a guest call: a signal then finds the
	 * host's registers, which a guest handler is shown but cannot change. */
	int in_host;
	/* The registers of the rewritten svc the host serves (svc_entry.h),
	 * whose guest stack pointer a handler's frame goes below. */
	const long *svc_regs;
	/* The guest's alternate signal stack (sigaltstack), 0 size: none. */
	uint64_t alt_sp, alt_size;
	/* The host's own (Darwin's sigaltstack), where its handlers run, off the guest's stack. */
	uint64_t host_alt;
	struct delivery *delivery; /* the innermost guest handler running (arm64/signals.c) */
	/* An Intel Mac's guest thread pointer (x86_64/thread_pointer.c): its
	 * value, and the LDT entry %fs is loaded with (0: none yet). */
	uint64_t fs_base;
	int fs_entry;
	int clone_made;     /* a thread a clone made (thread.c), not the process's first */
	/* CLONE_CHILD_CLEARTID's word, or set_tid_address's: zeroed and woken
	 * when the thread ends (thread.c), as Linux does at a thread's exit. */
	int *clear_tid;
	/* The Darwin thread, and the next of the process's (thread_with). */
	pthread_t host_thread;
	struct thread_state *next;
	/* Signals for this thread the host keeps itself (arm64/raise.c); the
	 * mask an rt_sigsuspend waits with, while it does (Darwin shows its
	 * handlers the mask from before); guest handlers entered so far. */
	struct signal_queue queued;
	uint64_t suspend_mask;
	int suspended;
	volatile uint32_t handled;
	/* The signals an rt_sigtimedwait waits for (0: none), and the one that
	 * came: taken by the host's handlers rather than delivered. */
	uint64_t waiting;
	struct lx_siginfo waited;
};

struct thread_state *thread_current(void);
/* Makes t the calling thread's state (and, on arm64, gives it its svc
 * stack and the slot svc_entry.S finds it by). */
void thread_bind(struct thread_state *t);
/* The process's first thread, t the caller's, among its threads (a
 * clone's is listed by its maker). */
void thread_list_first(struct thread_state *t);
/* fn(t, arg) for the live thread whose guest id is tid, which cannot end
 * meanwhile; -ESRCH (Linux's) when there is none. */
long thread_with(int tid, long (*fn)(struct thread_state *t, void *arg), void *arg);
/* fn(t, arg) for each live thread, under the same guard. */
void thread_each(void (*fn)(struct thread_state *t, void *arg), void *arg);

#endif
