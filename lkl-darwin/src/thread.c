/* The Darwin init host's threads. Each thread's state is found through
 * Darwin's own thread pointer (a _Thread_local), which guest code cannot
 * move. A guest thread (musl+'s clone with CLONE_THREAD) is a Darwin
 * thread of its own: the thread that makes it asks the kernel for its id
 * and channel and prepares what can fail (its host stacks on arm64, its
 * LDT entry on an Intel Mac), so that the clone fails rather than the
 * thread; the thread binds its state, takes its thread pointer and runs
 * fn(arg) on the guest's stack (host_run_on_stack), where it takes the
 * guest's signal mask. Its end comes back to the Darwin thread's own
 * stack (a longjmp from the guest's exit, or from musl's unmapping of its
 * stack), where it lets its channel go (the kernel hears the thread has
 * ended), then does what Linux's exit does with CLONE_CHILD_CLEARTID:
 * zero the word and wake a waiter on it. A fork's child keeps only the
 * forking thread (thread_forked; process.c), and musl+'s spawn-style clone
 * is a fork there. A raw clone of a thread on arm64 (a rewritten svc's,
 * Go's runtime) goes on from the parent's registers (clone_thread).
 * Compiled for both Mac targets; never run on a Mac (docs/macos.md). */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "darwin_calls.h"
#include "dispatcher.h"
#include "fd_limit.h"
#include "guarded_lock.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "process.h"
#include "route.h"
#if defined(__aarch64__)
#include "raise.h"
#include "signals.h"
#include "svc_entry.h"
#endif
#include "rules.h"
#include "run_on_stack.h"
#include "state.h"
#include "thread.h"
#include "xlat.h"
#if !defined(__aarch64__)
#include "thread_pointer.h"
#endif

static _Thread_local struct thread_state *current;

struct thread_state *thread_current(void) { return current; }

/* The process's threads, newest first: for signals one sends another. */
static struct thread_state *threads;
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;

/* Under the list's lock. */
static void thread_list(struct thread_state *t, pthread_t host)
{
	t->host_thread = host;
	t->next = threads;
	threads = t;
}

void thread_list_first(struct thread_state *t)
{
	sigset_t was;
	guarded_lock(&threads_lock, &was);
	thread_list(t, pthread_self());
	guarded_unlock(&threads_lock, &was);
}

void thread_bind(struct thread_state *t)
{
	current = t;
#if defined(__aarch64__)
	darwin_rules_bind(t);
#else
	darwin_thread_pointer_load(t);
#endif
}

static void thread_unlist(struct thread_state *t)
{
	sigset_t was;
	guarded_lock(&threads_lock, &was);
	struct thread_state **at = &threads;
	while (*at && *at != t) at = &(*at)->next;
	if (*at) *at = t->next;
	guarded_unlock(&threads_lock, &was);
}

long thread_with(int tid, long (*fn)(struct thread_state *t, void *arg), void *arg)
{
	long r = -LINUX_ESRCH;
	sigset_t was;
	guarded_lock(&threads_lock, &was);
	for (struct thread_state *t = threads; t; t = t->next)
		if (t->tid == tid) {
			r = fn(t, arg);
			break;
		}
	guarded_unlock(&threads_lock, &was);
	return r;
}

void thread_each(void (*fn)(struct thread_state *t, void *arg), void *arg)
{
	sigset_t was;
	guarded_lock(&threads_lock, &was);
	for (struct thread_state *t = threads; t; t = t->next) fn(t, arg);
	guarded_unlock(&threads_lock, &was);
}

void thread_fork_hold(int hold)
{
	if (hold) pthread_mutex_lock(&threads_lock);
	else pthread_mutex_unlock(&threads_lock);
}

/* A thread clone made: its state first, so that the state is the block. */
struct guest_thread {
	struct thread_state state;
	int (*fn)(void *);
	void *arg, *stack;
	uint64_t tp;       /* the guest's thread pointer it starts with (arm64's slot) */
	uint64_t mask;     /* the parent's guest signal mask, its own once on the guest's stack */
	int code;          /* how it ended (an exit's code) */
#if defined(__aarch64__)
	/* A rewritten svc's clone (Go's runtime): the parent's registers it
	 * goes on from (darwin_clone_child), raw set; no fn then. */
	long regs[DARWIN_SVC_REGS];
	int raw;
#endif
	void *unmap_base;  /* musl's stack, unmapped at the end (thread_unmapself) */
	unsigned long unmap_size;
	jmp_buf end;       /* on the Darwin thread's own stack */
};

/* Guest threads alive, the first one's included; the first one's exit
 * code, kept when it ended before the others (Linux reports the leader's). */
static int live = 1;
static volatile int first_ended, first_code;

/* The flags a thread clone may have (musl's pthread_create gives these): a
 * thread shares everything but its stack and thread pointer. */
#define THREAD_FLAGS_NEEDED (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define THREAD_FLAGS_SERVED (THREAD_FLAGS_NEEDED | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                             CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED)

/* The channel moved where the guest cannot name it: the extra range, each
 * number marked while it holds a channel (fd_args.c) and the guest's again
 * once it does not (the fixed range below 1022 has no fillers here, unlike
 * lkl-linux's); -1 when there is no room. Under a lifted limit: the
 * numbers lie above any the guest may have set. */
static int channel_hide(int channel)
{
	fd_limit_lift();
	int fd = fcntl(channel, F_DUPFD_CLOEXEC, LAMINA_FD_EXTRA_FIRST);
	fd_limit_drop();
	if (fd >= LAMINA_FD_EXTRA_FIRST && fd < LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT) {
		thread_fd_extra(fd, 1);
		return fd;
	}
	if (fd >= 0) close(fd);
	return -1;
}

static void channel_release(int fd)
{
	close(fd);
	thread_fd_extra(fd, 0);
}

/* What a new thread holds of the host's, given back when it ends or its clone fails. */
static void host_parts_release(struct thread_state *t)
{
#if defined(__aarch64__)
	darwin_rules_unbind(t);
#else
	darwin_thread_pointer_release(t);
#endif
}

/* Linux's exit of a thread with a CLONE_CHILD_CLEARTID (or set_tid_address)
 * word: zeroed and one waiter woken (pthread_join and musl's thread list wait there). */
static void clear_tid(int *word)
{
	if (!word) return;
	int zero = 0;
	if (guest_copy(word, &zero, sizeof zero)) return;
	darwin_futex((uint32_t *)word, FUTEX_WAKE, 1, 0, 0);
}

/* On the guest's stack: the parent's mask, as Linux's new thread has it, then the guest. */
static int thread_enter(void *p)
{
	struct guest_thread *g = p;
	signals_restore(&g->mask);
	return g->fn(g->arg);
}

static void *thread_main(void *p)
{
	struct guest_thread *g = p;
	thread_bind(&g->state);
#if defined(__aarch64__)
	darwin_set_guest_tp(g->tp);
#endif
	if (!setjmp(g->end)) {
#if defined(__aarch64__)
		if (g->raw) {
			signals_restore(&g->mask);
			darwin_clone_child(g->regs); /* into the guest; its exit comes back by g->end */
		}
#endif
		host_run_on_stack(thread_enter, g, g->stack, darwin_thread_exit);
	}
	/* Back on this thread's own stack, every signal blocked (darwin_thread_exit). */
	if (g->unmap_size) {
		long unmap[6] = { (long)g->unmap_base, (long)g->unmap_size };
		dispatch_local(__NR_munmap, unmap); /* on arm64, as the guest's own munmap (darwin_maps.h) */
	}
	thread_unlist(&g->state); /* before its id can be another's: its channel names it to the kernel */
	channel_release(g->state.channel);
	clear_tid(g->state.clear_tid);
	host_parts_release(&g->state);
	int code = g->code;
	current = 0; /* a stray fault now finds no state, not a freed one */
	free(g);
	if (__atomic_sub_fetch(&live, 1, __ATOMIC_ACQ_REL) == 0) _exit(first_ended ? first_code : code);
	return 0;
}

/* A clone that failed after its block was made: what it holds given back. */
static int clone_failed(struct guest_thread *g, const uint64_t *old, long error)
{
	if (g->state.channel >= 0) channel_release(g->state.channel);
	host_parts_release(&g->state);
	free(g);
	signals_restore(old);
	return (int)error;
}

/* A thread: fn(arg) on stack, or (regs) a raw clone's registers going on. */
static int clone_thread(int (*fn)(void *), void *stack, void *arg, const long *regs, int flags, int *ptid, void *tls,
                        int *ctid)
{
	if ((flags & THREAD_FLAGS_NEEDED) != THREAD_FLAGS_NEEDED || (flags & ~THREAD_FLAGS_SERVED)) return -LINUX_EINVAL;
	/* Every signal blocked from here (the Darwin thread starts with this mask, until it takes the parent's): a
	 * guest handler that ended this thread inside Darwin's malloc would leave its lock held. */
	uint64_t old;
	signals_block_all(&old);
	struct guest_thread *g = calloc(1, sizeof *g);
	if (!g) {
		signals_restore(&old);
		return -LINUX_EAGAIN;
	}
	g->fn = fn;
	g->arg = arg;
	g->stack = stack;
	g->mask = old;
#if defined(__aarch64__)
	if (regs) {
		/* the parent's registers, 0 for the call's result, on the stack the clone gives */
		memcpy(g->regs, regs, sizeof g->regs);
		g->regs[0] = 0;
		g->regs[DARWIN_SVC_NEW_SP] = (long)stack;
		g->raw = 1;
	}
#else
	(void)regs;
#endif
	g->state.clone_made = 1;
	g->state.channel = -1;
	g->state.clear_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
#if defined(__aarch64__)
	g->tp = (flags & CLONE_SETTLS) ? (uint64_t)tls : darwin_guest_tp();
	long prepared = darwin_rules_prepare(&g->state);
#else
	uint64_t tp = (flags & CLONE_SETTLS) ? (uint64_t)tls : thread_current()->fs_base;
	long prepared = tp ? darwin_thread_pointer_prepare(&g->state, tp) : 0;
#endif
	if (prepared) return clone_failed(g, &old, prepared);
	int channel = -1;
	long tid = route_new_channel(LAMINA_OP_THREAD, &channel);
	g->state.channel = channel >= 0 ? channel_hide(channel) : -1;
	if (channel >= 0) close(channel);
	if (tid < 0 || g->state.channel < 0) return clone_failed(g, &old, tid < 0 ? tid : -LINUX_EAGAIN);
	g->state.tid = (int)tid;
	/* Linux writes them as it can and makes the thread whatever their addresses. */
	if (flags & CLONE_PARENT_SETTID) guest_copy(ptid, &g->state.tid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID) guest_copy(ctid, &g->state.tid, sizeof(int));
	__atomic_add_fetch(&live, 1, __ATOMIC_ACQ_REL);
	/* Joinable until its id is read: a detached thread that has already ended names no thread. Listed
	 * before the clone returns its id, so a signal sent to it at once finds it; made with every signal
	 * blocked (the list's guard), the carrier too (raise.h), until it takes the parent's mask. */
	pthread_t made;
	sigset_t was;
	guarded_lock(&threads_lock, &was);
	int r = pthread_create(&made, 0, thread_main, g);
	if (!r) thread_list(&g->state, made);
	guarded_unlock(&threads_lock, &was);
	uint64_t host_tid = 0;
	if (!r) {
		pthread_threadid_np(made, &host_tid);
		pthread_detach(made);
	}
	/* The kernel hears of it either way: a thread that never ran ends as it does (its channel closed). A Mach
	 * thread id, not a Linux one (docs/macos.md); one past an int's range is not told. */
	struct thread_state *t = thread_current();
	channel_post(&t->call, t->channel, LAMINA_OP_THREAD_STARTED, tid, !r && host_tid <= INT_MAX ? (long)host_tid : -1);
	if (r) {
		__atomic_sub_fetch(&live, 1, __ATOMIC_ACQ_REL);
		return clone_failed(g, &old, -(long)xlat_errno_from_darwin(r));
	}
	signals_restore(&old);
	return (int)tid;
}

void thread_forked(struct thread_state *self, int keep)
{
	/* The parent's other threads are not this process's: their channels
	 * go (their states stay, as a fork leaves their stacks), and so does
	 * the copy of this thread's own, which the new channel replaces. */
	for (int fd = LAMINA_FD_EXTRA_FIRST; fd < LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT; fd++)
		if (fd != keep && thread_fd_extra_held(fd)) channel_release(fd); /* listed or not yet (or no longer) */
	self->channel = -1;
	self->next = 0;
	self->host_thread = pthread_self();
	threads = self;
	live = 1;
	first_ended = 0;
}

int thread_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid, void *tls, int *ctid)
{
	if (!(flags & CLONE_THREAD)) return (int)darwin_spawn_clone(fn, stack, flags, arg);
	return clone_thread(fn, stack, arg, 0, flags, ptid, tls, ctid);
}

#if defined(__aarch64__)
long thread_clone_regs(long flags, void *stack, int *ptid, void *tls, int *ctid, const long *regs)
{
	return clone_thread(0, stack, 0, regs, (int)flags, ptid, tls, ctid);
}
#endif

long darwin_set_tid_address(int *word)
{
	struct thread_state *t = thread_current();
	t->clear_tid = word;
	return t->tid;
}

_Noreturn void darwin_thread_exit(long code)
{
	uint64_t all = ~0ull;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &all, 0, 8);
	struct thread_state *t = thread_current();
	if (t->clone_made) {
		struct guest_thread *g = (struct guest_thread *)t;
		g->code = (int)code;
		longjmp(g->end, 1);
	}
	/* The first thread: the process goes on while others run, and ends
	 * with its code once they have (Linux's group leader). It stays, with
	 * every signal blocked: pthread_exit on the guest's stack would have
	 * Darwin release a main thread's stack it does not have. */
	clear_tid(t->clear_tid);
	first_code = (int)code;
	first_ended = 1;
	if (__atomic_sub_fetch(&live, 1, __ATOMIC_ACQ_REL) == 0) _exit((int)code);
	for (;;) pause();
}

_Noreturn void thread_unmapself(void *base, unsigned long size)
{
	struct thread_state *t = thread_current();
	if (t->clone_made) {
		struct guest_thread *g = (struct guest_thread *)t;
		g->unmap_base = base;
		g->unmap_size = size;
	}
	/* musl unmaps no stack of the first thread's (its stack is the process's) */
	darwin_thread_exit(0);
}

int signal_call_again(struct thread_state *t, uint64_t held)
{
	(void)t;
	if (!held) return 0;
#if defined(__aarch64__)
	/* the lowest with a handler, as Linux delivers it first (the queued
	 * signals' mark stands for every signal Darwin lacks) */
	for (int sig = 1; sig <= LX_NSIG; sig++)
		if ((held >> (sig - 1) & 1) && darwin_signal_handler(sig) > 1) return darwin_signal_restarts(sig);
#endif
	return 1; /* (an Intel Mac runs no guest handler yet: docs/macos.md) */
}

void signal_replay_deferred(struct thread_state *t)
{
	uint64_t pending = t->deferred;
	t->deferred = 0;
#if defined(__aarch64__)
	if (pending & SIGNAL_QUEUE_EMULATED) darwin_raise_queued(); /* a look at the queues (raise.h) */
#endif
	for (int sig = 1; sig <= 64; sig++) {
		int d = (pending >> (sig - 1) & 1) ? xlat_signal_to_darwin(sig) : 0;
		if (d) pthread_kill(pthread_self(), d);
	}
}
