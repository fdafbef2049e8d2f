/* Guest threads: host threads on the guest's stack and TLS, each with a
 * channel of its own and a state block (arch.h: thread_current). */
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "clone_args.h"
#include "darwin_rules.h"
#include "dispatch.h"
#include "fd_limit.h"
#include "host_syscall.h"
#include "route.h"
#include "seccomp.h"
#include "start.h"
#include "state.h"
#include "util.h"

#define THREAD_MAX 512
#define BLOCK_SIZE (64 * 1024)

/* A state block: the state, then a small stack for the thread's last
 * steps after its own stack is gone. */
struct thread_block {
	struct thread_state state;
	uint64_t saved_mask;
};

_Static_assert(sizeof(struct thread_block) <= BLOCK_SIZE / 2, "a state block leaves room for its exit stack");

static struct thread_block *blocks[THREAD_MAX];

/* Every number of the fixed range (LAMINA_FD_FIRST up to the lifeline's)
 * holds something, so the host never gives the guest one it could not use
 * (fd_args.c refuses them all): a thread channel, or a copy of an eventfd
 * that stands in, the one at FILLER (thread_channels_reserve). Bit i of
 * fixed_held: FILLER + i holds a channel. */
#define FILLER LAMINA_FD_FIRST
static uint64_t fixed_held;
_Static_assert(LAMINA_LIFELINE_FD - FILLER <= 64, "one bit per number");
static volatile int lock;

static void lock_take(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		host_syscall0(__NR_sched_yield);
}

static void lock_drop(void) { __atomic_store_n(&lock, 0, __ATOMIC_RELEASE); }

/* A free number of the fixed range, else of the extra range; -1 when
 * there is none. Under the lock. */
static int slot_free(void)
{
	for (int fd = LAMINA_LIFELINE_FD - 1; fd > FILLER; fd--)
		if (!(fixed_held >> (fd - FILLER) & 1)) return fd;
	/* More threads than those numbers: free numbers of the extra range. */
	for (int fd = LAMINA_FD_EXTRA_FIRST; fd < LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT; fd++)
		if (!thread_fd_extra_held(fd) && host_syscall2(__NR_fcntl, fd, F_GETFD) == -EBADF) return fd;
	return -1;
}

/* fd copied to slot (close-on-exec), which is then held: the guest cannot
 * name it. Under the lock; whether it was. */
static int slot_take(int slot, int fd)
{
	fd_limit_lift(); /* the slot lies above a guest's lowered limit */
	long moved = host_syscall3(__NR_dup3, fd, slot, O_CLOEXEC);
	fd_limit_drop();
	if (moved != slot) return 0;
	if (slot < LAMINA_FD_EXTRA_FIRST) fixed_held |= 1ull << (slot - FILLER);
	thread_fd_extra(slot, 1);
	return 1;
}

/* A free block and a free channel slot, under the lock. */
static struct thread_block *block_take(int channel)
{
	struct thread_block *b = 0;
	lock_take();
	int slot = slot_free();
	for (int i = 0; i < THREAD_MAX && slot >= 0 && !b; i++) {
		if (!blocks[i]) {
			long m = host_syscall6(__NR_mmap, 0, BLOCK_SIZE, PROT_READ | PROT_WRITE,
			                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (host_is_error(m)) break;
			((struct thread_block *)m)->state.free = 1;
			__atomic_store_n(&blocks[i], (struct thread_block *)m, __ATOMIC_RELEASE); /* read without the lock */
		}
		if (blocks[i]->state.free) b = blocks[i];
	}
	if (b && slot_take(slot, channel)) {
		b->state.free = 0;
		b->state.channel = slot;
	} else {
		b = 0;
	}
	lock_drop();
	return b;
}

int thread_fd_hold(int fd)
{
	lock_take();
	int slot = slot_free();
	if (slot >= 0 && !slot_take(slot, fd)) slot = -1;
	lock_drop();
	if (slot < 0) return -EMFILE;
	host_syscall1(__NR_close, fd);
	return slot;
}

/* A held number given back (a thread's channel closed): one of the fixed
 * range holds the filler again, one of the extra range is the guest's again. */
void thread_fd_give_back(int fd)
{
	if (fd < LAMINA_FD_EXTRA_FIRST) {
		host_syscall3(__NR_dup3, FILLER, fd, 0);
		__atomic_and_fetch(&fixed_held, ~(1ull << (fd - FILLER)), __ATOMIC_SEQ_CST);
		return;
	}
	host_syscall1(__NR_close, fd);
	thread_fd_extra(fd, 0);
}

/* The fillers stay open across exec, as the init host re-executes itself
 * for a guest's execve: the new one finds them in place (one fcntl says so)
 * and makes only those of the threads' channels that the exec closed. */
void thread_channels_reserve(void)
{
	fd_limit_lift(); /* the numbers lie above a guest's lowered limit */
	long e = host_syscall2(__NR_eventfd2, 0, O_CLOEXEC);
	for (long fd = e; fd >= 0 && fd < LAMINA_LIFELINE_FD;)
		if ((fd = host_syscall3(__NR_fcntl, e, F_DUPFD, LAMINA_FD_FIRST)) >= LAMINA_LIFELINE_FD)
			host_syscall1(__NR_close, fd);
	if (e >= 0) host_syscall1(__NR_close, e);
	fd_limit_drop();
}

/* In a fork's child: every number held for a thread's channel or by
 * thread_fd_hold (tcp_connect.c's client sockets) is given back. */
void thread_channels_forget(void)
{
	for (int fd = FILLER + 1; fd < LAMINA_LIFELINE_FD; fd++)
		if (fixed_held >> (fd - FILLER) & 1) thread_fd_give_back(fd);
	for (int fd = LAMINA_FD_EXTRA_FIRST; fd < LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT; fd++)
		if (thread_fd_extra_held(fd)) thread_fd_give_back(fd);
}

/* Runs first in a new thread (called from start.S on the guest's stack). */
_Noreturn void thread_start(struct thread_block *b, int (*fn)(void *), void *arg)
{
	thread_bind(&b->state);
	signal_enable_dispatch();
	signals_restore(&b->saved_mask);
	thread_exit(fn(arg));
}

/* The new thread's way into guest code: a raw clone's resumes the guest
 * where the parent made the call (resume_frame set), musl+'s calls fn(arg)
 * on the guest's stack. */
struct thread_entry {
	int (*fn)(void *);
	void *arg;
	void *stack;
	const void *resume_frame;
	const long *resume_regs;   /* darwin_svc_entry's, under the Apple-Silicon rules */
};

static int clone_thread(struct thread_entry e, int flags, int *ptid, void *tls, int *ctid)
{
	uint64_t old;
	signals_block_all(&old);
	int channel = -1;
	long tid = route_new_channel(LAMINA_OP_THREAD, &channel);
	struct thread_block *b = tid > 0 ? block_take(channel) : 0;
	/* numbers held for client sockets (tcp_connect.c) are given up to a thread's channel */
	while (tid > 0 && !b && tcp_connect_release()) b = block_take(channel);
	if (channel >= 0) host_syscall1(__NR_close, channel);
	if (!b) {
		signals_restore(&old);
		return tid < 0 ? (int)tid : -EAGAIN;
	}
	b->state.tid = (int)tid;
	/* A block a thread left from inside a trap (its exit) may say so still. */
	b->state.in_trap = 0;
	b->state.wait_ended = 0;
	b->state.restore_pending = 0;
	b->state.trap_regs = 0;
	b->state.trap_pc = 0;
	b->state.trap_sp = 0;
	b->state.trap_end = TRAP_END_RESULT;
	b->state.holding = 0;
	b->state.deferred = 0;
	b->state.svc_stack = b->state.svc_top;
	b->state.stack_top = (unsigned long)e.stack;
	b->state.sigsys_blocked = thread_current()->sigsys_blocked; /* a new thread's mask is its parent's */
	b->state.signals_scoped = thread_current()->signals_scoped; /* and its Landlock domain */
	b->saved_mask = old;
	if (e.resume_frame) {
		/* The parent's signal frame, copied to the bottom of the block's
		 * exit stack, becomes the child's: its registers but a return value of
		 * 0 (the child's) and the new stack; no FPU state (a fresh
		 * one), no alternate stack (the parent's is not the child's). The
		 * child starts on the exit stack with every signal blocked, until
		 * rt_sigreturn sets the mask the frame holds, the parent's. */
		char *frame = (char *)b + BLOCK_SIZE / 2;
		memcpy(frame, e.resume_frame, LX_UC_SIZE);
		long *regs = (long *)(frame + LX_UC_MCONTEXT);
		regs[LX_REG_RET] = 0;
		if (e.stack) regs[LX_REG_SP] = (long)e.stack;
		frame_drop_fpu(regs);
		*(int *)(frame + LX_UC_STACK_FLAGS) = LX_SS_DISABLE;
		b->saved_mask = ~0ull;
		e.fn = host_resume_frame;
		e.arg = frame;
		e.stack = (char *)b + BLOCK_SIZE;
	}
#if HAS_DARWIN_RULES
	if (e.resume_regs) {
		/* A rewritten svc's clone: its registers, copied to the block's exit
		 * stack, become the child's, with 0 for the call's result. */
		long *regs = (long *)((char *)b + BLOCK_SIZE / 2);
		memcpy(regs, e.resume_regs, DARWIN_SVC_REGS * sizeof(long));
		regs[0] = 0;
		regs[DARWIN_SVC_NEW_SP] = (long)e.stack;
		e.fn = darwin_clone_child;
		e.arg = regs;
		e.stack = (char *)b + BLOCK_SIZE;
	}
#endif
	if (flags & LX_CLONE_PARENT_SETTID) *ptid = (int)tid;
	if (flags & LX_CLONE_CHILD_SETTID) *ctid = (int)tid;
	long host_flags = flags & ~(LX_CLONE_PARENT_SETTID | LX_CLONE_CHILD_SETTID);
	/* Under the Apple-Silicon rules the thread pointer is a slot, not
	 * tpidr_el0: the one asked for, or the parent's, as the register is. */
	b->state.guest_tp = (flags & LX_CLONE_SETTLS) ? (uint64_t)tls : thread_current()->guest_tp;
	if (darwin_rules) host_flags &= ~LX_CLONE_SETTLS;
	long host_tid = host_clone_thread(host_flags, e.stack, ctid, tls, b, e.fn, e.arg);
	/* known before the thread binds itself: pthread_create's caller may name it at once */
	if (host_tid > 0) __atomic_store_n(&b->state.host_tid, (int)host_tid, __ATOMIC_RELEASE);
	struct thread_state *t = thread_current();
	channel_post(&t->call, t->channel, LAMINA_OP_THREAD_STARTED, tid, host_tid);
	if (host_tid < 0) {
		thread_fd_give_back(b->state.channel);
		b->state.free = 1;
		tid = host_tid;
	}
	signals_restore(&old);
	return (int)tid;
}

int thread_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid, void *tls, int *ctid)
{
	/* musl+'s clone comes here, past dispatch_answer: the guest's seccomp filters see it as the call it is */
	long call[6] = { flags, (long)stack, (long)ptid, 0, 0, 0 };
	call[CLONE_CTID_ARG] = (long)ctid;
	call[CLONE_TLS_ARG] = (long)tls;
	long verdict = seccomp_filter(__NR_clone, call, (uint64_t)__builtin_return_address(0));
	if (verdict != DISPATCH_PASS) return (int)verdict;
	if (!(flags & LX_CLONE_THREAD))
		return (int)process_fork(fn, stack, arg);
	return clone_thread((struct thread_entry){.fn = fn, .arg = arg, .stack = stack}, flags, ptid, tls, ctid);
}

long thread_clone_raw(long flags, void *stack, int *ptid, int *ctid, void *tls, const void *uc)
{
	return clone_thread((struct thread_entry){.stack = stack, .resume_frame = uc}, (int)flags, ptid, tls, ctid);
}

#if HAS_DARWIN_RULES
long thread_clone_regs(long flags, void *stack, int *ptid, void *tls, int *ctid, const long *regs)
{
	return clone_thread((struct thread_entry){.stack = stack, .resume_regs = regs}, (int)flags, ptid, tls, ctid);
}
#endif

/* The host's id of a thread of this process named by its guest id, or 0
 * when none is (a thread that has ended, another process's). A block being
 * reused may still name its last thread: the host then finds no such thread
 * of the caller's, as Linux finds none. */
int thread_host_tid(int tid)
{
	if (tid <= 0) return 0;
	if (tid == thread_current()->tid) return (int)host_syscall0(__NR_gettid);
	if (tid == main_thread.tid) return main_thread.host_tid;
	for (int i = 0; i < THREAD_MAX; i++) {
		struct thread_block *b = __atomic_load_n(&blocks[i], __ATOMIC_ACQUIRE);
		if (b && !b->state.free && b->state.tid == tid) return __atomic_load_n(&b->state.host_tid, __ATOMIC_ACQUIRE);
	}
	return 0;
}

/* The guest's id of a thread of this process named by its host id, or 0. */
int thread_guest_tid(int host_tid)
{
	if (host_tid <= 0) return 0;
	if (host_tid == main_thread.host_tid) return main_thread.tid;
	for (int i = 0; i < THREAD_MAX; i++) {
		struct thread_block *b = __atomic_load_n(&blocks[i], __ATOMIC_ACQUIRE);
		if (b && !b->state.free && __atomic_load_n(&b->state.host_tid, __ATOMIC_ACQUIRE) == host_tid) return b->state.tid;
	}
	return 0;
}

void thread_forked(const struct thread_state *kept)
{
	for (int i = 0; i < THREAD_MAX; i++)
		if (blocks[i] && &blocks[i]->state != kept) blocks[i]->state.free = 1;
	if (kept != &main_thread) main_thread.tid = main_thread.host_tid = 0;
}

int thread_others_live(void)
{
	if (thread_current() != &main_thread) return 1; /* the main thread may be running, at least */
	for (int i = 0; i < THREAD_MAX; i++)
		if (blocks[i] && !blocks[i]->state.free) return 1;
	return 0;
}

_Noreturn void thread_exit_group(long code)
{
	vfork_release();
	robust_list_release(&main_thread);
	for (int i = 0; i < THREAD_MAX; i++)
		if (blocks[i] && !blocks[i]->state.free) robust_list_release(&blocks[i]->state);
	for (;;) host_syscall1(__NR_exit_group, code);
}

_Noreturn void thread_exit(long code)
{
	struct thread_state *t = thread_current();
	robust_list_release(t);
	if (t == &main_thread) {
		vfork_release();
		for (;;) host_syscall1(__NR_exit, code);
	}
	uint64_t all = ~0ull;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &all, 0, 8);
	thread_fd_give_back(t->channel);
	host_exit_thread_on((char *)t + BLOCK_SIZE, 0, 0, &t->free);
}

_Noreturn void thread_unmapself(void *base, unsigned long size)
{
	struct thread_state *t = thread_current();
	uint64_t all = ~0ull;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &all, 0, 8);
	if (t != &main_thread)
		thread_fd_give_back(t->channel);
	static volatile int main_free;
	static uint64_t main_exit_stack[512];
	if (t == &main_thread)
		host_exit_thread_on(main_exit_stack + 512, base, size, &main_free);
	host_exit_thread_on((char *)t + BLOCK_SIZE, base, size, &t->free);
}
