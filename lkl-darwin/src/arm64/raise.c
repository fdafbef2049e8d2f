/* raise.h: the signals a process sends itself and its own threads, done
 * by the host, since a Mac's kernel cannot signal a thread of another
 * process and the kernel's signals to other processes are not written.
 * A signal Darwin has a number for goes by Darwin's kill or pthread_kill.
 * One it has none for (SIGSTKFLT, SIGPWR, the real-time ones), and any
 * queued with a siginfo (sigqueue: Darwin carries none), waits in a queue
 * of the thread's or the process's (signal_queue.h), and a carrier,
 * Darwin's SIGEMT (no Linux signal is that one), makes the thread look:
 * its handler delivers the first one the guest's mask lets through, as
 * Linux would, with its siginfo (signals.c). A signal for the process
 * rouses every thread; the first that lets it through takes it. The
 * guest's mask of the emulated signals is the host layer's to keep
 * (darwin_mask_to_host), which calls back here when it changes, so that
 * one unblocked arrives then. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include <lamina/linux_abi.h>
#include "darwin_calls.h"
#include "dispatcher.h"
#include "children.h"
#include "guarded_lock.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "raise.h"
#include "route.h"
#include "signal_queue.h"
#include "signals.h"
#include "state.h"
#include "xlat.h"

#define CARRIER SIGEMT

static struct signal_queue process_queue;
/* Guards the queues, the process's and each thread's (the carrier's handler takes it too). */
static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t bit(int sig) { return 1ull << (sig - 1); }

/* Whether a signal queued for the calling thread or its process is one
 * the mask lets through. Unlocked: a signal queued meanwhile brings its
 * own carrier. */
static int deliverable(uint64_t mask)
{
	struct thread_state *t = thread_current();
	uint64_t queued = __atomic_load_n(&process_queue.pending, __ATOMIC_ACQUIRE);
	if (t) queued |= __atomic_load_n(&t->queued.pending, __ATOMIC_ACQUIRE);
	return (queued & ~mask) != 0;
}

void darwin_raise_queued(void) { pthread_kill(pthread_self(), CARRIER); }

static void mask_changed(uint64_t mask)
{
	if (deliverable(mask)) darwin_raise_queued();
}

/* A signal with no handler, taken from a queue: Darwin's default for a
 * signal it has (raised again without the siginfo, as SIG_DFL is there),
 * else Linux's for the emulated ones, which is to end the process; a
 * Darwin process cannot end by a signal Darwin lacks, and ends by SIGKILL. */
static void default_action(int sig)
{
	int d = xlat_signal_to_darwin(sig);
	if (!d) {
		kill(getpid(), SIGKILL);
		return;
	}
	if (d == SIGSEGV || d == SIGBUS) signal(d, SIG_DFL); /* the W^X handler's until now (rules.c) */
	pthread_kill(pthread_self(), d);
}

static void on_carrier(int dsig, siginfo_t *info, void *context)
{
	(void)dsig;
	(void)info;
	struct thread_state *t = thread_current();
	if (!t) return;
	if (t->in_call) {
		t->deferred |= SIGNAL_QUEUE_EMULATED; /* the reply first, as on Linux (signal_replay_deferred) */
		return;
	}
	ucontext_t *uc = context;
	uint64_t blocked = t->suspended ? t->suspend_mask : darwin_mask_from_host(uc->uc_sigmask);
	for (;;) {
		struct lx_siginfo queued;
		pthread_mutex_lock(&queues_lock); /* every signal is blocked in here */
		/* those an rt_sigtimedwait waits for first, whatever the mask */
		uint64_t from = t->waiting ? t->waiting : ~blocked;
		int sig = signal_queue_take(&t->queued, from, &queued);
		if (!sig) sig = signal_queue_take(&process_queue, from, &queued);
		if (!sig && t->waiting) {
			sig = signal_queue_take(&t->queued, ~blocked, &queued);
			if (!sig) sig = signal_queue_take(&process_queue, ~blocked, &queued);
		}
		pthread_mutex_unlock(&queues_lock);
		if (!sig) return;
		if (darwin_signal_waited(t, &queued)) return;
		uintptr_t handler = darwin_signal_handler(sig);
		/* ignored, or one a namespace's init has no handler for: dropped, as Linux drops them */
		if (handler == 1 || (!handler && process_own_pid() == 1)) continue;
		if (deliverable(blocked)) darwin_raise_queued(); /* the next comes after this handler */
		if (!handler || !darwin_deliver_linux(0, &queued, context)) default_action(sig);
		return;
	}
}

void darwin_raise_start(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_carrier;
	/* SA_RESTART: a host call the carrier interrupts goes on, whatever the
	 * flags of the handler it delivers to (a spurious EINTR would be worse) */
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigaction(CARRIER, &sa, 0);
	darwin_mask_hook = mask_changed;
}

void darwin_raise_fork_hold(int hold)
{
	if (hold) pthread_mutex_lock(&queues_lock);
	else pthread_mutex_unlock(&queues_lock);
}

void darwin_raise_forked(struct thread_state *self)
{
	/* a new process has nothing pending */
	memset(&process_queue, 0, sizeof process_queue);
	memset(&self->queued, 0, sizeof self->queued);
}

/* Whether sig goes by a queue: Darwin has no number for it, or its
 * Darwin signal is the W^X fault handler's (rules.c), which a signal sent
 * must not reach, and whose guest mask bit the host keeps. */
static int queued_only(int sig)
{
	return !xlat_signal_to_darwin(sig) || sig == LINUX_SIGSEGV || sig == LINUX_SIGBUS;
}

/* The sender of a kill or tkill to itself, as Linux names it: this pid,
 * and the real uid, which the kernel keeps (asked only for a signal that
 * is queued; a Darwin signal's sender is the host's pid, which the
 * delivery names as this one, signals.c). */
static void from_self(struct lx_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof *info);
	info->signo = sig;
	info->code = code;
	info->from.pid = process_own_pid();
	long none[6] = { 0 };
	if (sig && queued_only(sig)) info->from.uid = (uint32_t)route_call(__NR_getuid, none);
}

/* A namespace's init ignores the signals it has no handler for that come
 * from inside, its own included (Linux's SIGNAL_UNKILLABLE): a Darwin
 * signal's at the sending (Linux keeps a blocked one pending), a queued
 * one's at the taking (on_carrier). */
static int init_ignores(int sig) { return process_own_pid() == 1 && darwin_signal_handler(sig) == 0; }

/* A signal to send: its siginfo, and whether that must reach the guest
 * (sigqueue's), which only a queue carries. */
struct sending {
	struct lx_siginfo info;
	int carried;
};

static long queue(struct signal_queue *q, const struct sending *s)
{
	sigset_t was;
	guarded_lock(&queues_lock, &was);
	long r = signal_queue_post(q, &s->info);
	guarded_unlock(&queues_lock, &was);
	/* Past the bound Linux refuses a real-time signal that is not kill's,
	 * and keeps the others pending without their siginfo; here those are lost. */
	return r && s->info.signo >= SIGNAL_QUEUE_REALTIME_FIRST && s->info.code != LX_SI_USER ? -LINUX_EAGAIN : 0;
}

static void rouse(struct thread_state *t, void *arg)
{
	(void)arg;
	pthread_kill(t->host_thread, CARRIER);
}

static long to_process(const struct sending *s)
{
	int sig = s->info.signo;
	if (!sig) return 0;
	if (!s->carried && !queued_only(sig))
		return init_ignores(sig) || !kill(getpid(), xlat_signal_to_darwin(sig)) ? 0 : -(long)xlat_errno_from_darwin(errno);
	long r = queue(&process_queue, s);
	if (!r) thread_each(rouse, 0);
	return r;
}

static long to_thread(struct thread_state *t, void *arg)
{
	const struct sending *s = arg;
	int sig = s->info.signo;
	if (!sig) return 0;
	if (!s->carried && !queued_only(sig))
		return init_ignores(sig) ? 0 : -(long)xlat_errno_from_darwin(pthread_kill(t->host_thread, xlat_signal_to_darwin(sig)));
	long r = queue(&t->queued, s);
	if (!r) rouse(t, 0);
	return r;
}

long darwin_kill_own(long pid, long sig)
{
	if (pid != process_own_pid()) return DISPATCH_PASS;
	if (sig < 0 || sig > LX_NSIG) return -LINUX_EINVAL;
	struct sending s = { .carried = 0 };
	from_self(&s.info, (int)sig, LX_SI_USER);
	return to_process(&s);
}

long darwin_tgkill_own(long tgid, long tid, long sig, int tkill)
{
	if (tid <= 0 || (!tkill && tgid <= 0) || sig < 0 || sig > LX_NSIG) return -LINUX_EINVAL;
	if (!tkill && tgid != process_own_pid()) return DISPATCH_PASS;
	struct sending s = { .carried = 0 };
	from_self(&s.info, (int)sig, LX_SI_TKILL);
	long r = thread_with((int)tid, to_thread, &s);
	/* tkill of a thread not this process's is the kernel's to find */
	return r == -LINUX_ESRCH && tkill ? DISPATCH_PASS : r;
}

/* sigqueue's siginfo, as the caller gave it (to itself it may name any sender) */
static long queued_info(struct sending *s, long sig, const void *info)
{
	if (guest_copy(&s->info, info, sizeof s->info)) return -LINUX_EFAULT;
	s->info.signo = (int)sig;
	s->carried = 1;
	return 0;
}

long darwin_sigqueueinfo_own(long pid, long sig, const void *info)
{
	if (pid != process_own_pid()) return DISPATCH_PASS;
	if (sig < 0 || sig > LX_NSIG) return -LINUX_EINVAL;
	struct sending s;
	long r = queued_info(&s, sig, info);
	return r ? r : to_process(&s);
}

long darwin_tgsigqueueinfo_own(long tgid, long tid, long sig, const void *info)
{
	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > LX_NSIG) return -LINUX_EINVAL;
	if (tgid != process_own_pid()) return DISPATCH_PASS;
	struct sending s;
	long r = queued_info(&s, sig, info);
	return r ? r : thread_with((int)tid, to_thread, &s);
}

long darwin_rt_sigpending(void *set, long size)
{
	if (size < 0 || size > 8) return -LINUX_EINVAL;
	sigset_t pending, now;
	sigpending(&pending);
	pthread_sigmask(SIG_BLOCK, 0, &now);
	uint64_t blocked = darwin_mask_from_host(now);
	struct thread_state *t = thread_current();
	uint64_t queued = __atomic_load_n(&process_queue.pending, __ATOMIC_ACQUIRE) |
	                  __atomic_load_n(&t->queued.pending, __ATOMIC_ACQUIRE);
	uint64_t all = (xlat_sigset_from_darwin(pending) | queued) & blocked;
	return guest_copy(set, &all, (unsigned long)size) ? -LINUX_EFAULT : 0;
}

long darwin_rt_sigsuspend(const void *set, long size)
{
	if (size != 8) return -LINUX_EINVAL;
	uint64_t mask;
	if (guest_copy(&mask, set, sizeof mask)) return -LINUX_EFAULT;
	mask &= ~(bit(LINUX_SIGKILL) | bit(LINUX_SIGSTOP));
	/* The carrier blocked until the wait: one raised from here on (by this
	 * thread's look, or another's sending) then ends it, and none is
	 * taken before it, to leave the wait asleep. The host's mask bits stay
	 * as before: Darwin shows a handler the mask from before the wait, and
	 * the carrier's handler and the frame take the wait's from here. */
	sigset_t carrier, before;
	sigemptyset(&carrier);
	sigaddset(&carrier, CARRIER);
	pthread_sigmask(SIG_BLOCK, &carrier, &before);
	uint64_t guest_before = darwin_mask_from_host(before);
	sigset_t during = darwin_mask_for_wait(mask);
	struct thread_state *t = thread_current();
	uint64_t outer_mask = t->suspend_mask;
	int outer = t->suspended;
	uint32_t handled = t->handled;
	t->suspend_mask = mask;
	t->suspended = 1;
	if (deliverable(mask)) darwin_raise_queued();
	/* until a guest handler runs: a carrier with nothing for this thread
	 * (another took the process's signal) leaves it waiting, as on Linux */
	while (t->handled == handled) sigsuspend(&during);
	t->suspend_mask = outer_mask;
	t->suspended = outer;
	pthread_sigmask(SIG_UNBLOCK, &carrier, 0);
	mask_changed(guest_before);
	return -LINUX_EINTR;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A waited signal already queued for the thread or its process, taken. */
static int take_waited(struct thread_state *t, uint64_t wanted)
{
	sigset_t was;
	guarded_lock(&queues_lock, &was);
	int sig = signal_queue_take(&t->queued, wanted, &t->waited);
	if (!sig) sig = signal_queue_take(&process_queue, wanted, &t->waited);
	guarded_unlock(&queues_lock, &was);
	return sig;
}

/* Past this, a timeout is as good as none (and would overflow). */
#define TIMEOUT_FOREVER_S (100ll * 365 * 24 * 3600)
/* The longest single wait, the deadline looked at after each. */
#define WAIT_SLICE_S (24 * 3600)

long darwin_rt_sigtimedwait(const void *set, void *info, const void *timeout, long size)
{
	if (size != 8) return -LINUX_EINVAL;
	uint64_t wanted;
	if (guest_copy(&wanted, set, sizeof wanted)) return -LINUX_EFAULT;
	wanted &= ~(bit(LINUX_SIGKILL) | bit(LINUX_SIGSTOP));
	int64_t deadline = -1;
	if (timeout) {
		struct lx_timespec64 ts;
		if (guest_copy(&ts, timeout, sizeof ts)) return -LINUX_EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000) return -LINUX_EINVAL;
		if (ts.sec < TIMEOUT_FOREVER_S) deadline = now_ns() + ts.sec * 1000000000 + ts.nsec;
	}
	/* As rt_sigsuspend: the carrier blocked until the wait. Linux unblocks
	 * the waited signals for the wait and takes the one that comes rather
	 * than delivering it: here the host's handlers take it (signals.c),
	 * those with no guest handler given the host's for the while. Other
	 * handlers run with the mask from before, as Linux's real_blocked. */
	sigset_t carrier, before;
	sigemptyset(&carrier);
	sigaddset(&carrier, CARRIER);
	pthread_sigmask(SIG_BLOCK, &carrier, &before);
	uint64_t guest_before = darwin_mask_from_host(before);
	uint64_t mask = guest_before & ~wanted;
	sigset_t during = darwin_mask_for_wait(mask);
	struct thread_state *t = thread_current();
	uint64_t outer_mask = t->suspend_mask;
	int outer = t->suspended;
	uint32_t handled = t->handled;
	t->waited.signo = 0;
	t->waiting = wanted;
	t->suspend_mask = guest_before;
	t->suspended = 1;
	darwin_signals_await(wanted, 1);
	/* One pending already is taken first (pselect with no time left does
	 * not look): a queued one, or a Darwin one let in for a moment. */
	int timed_out = 0;
	if (take_waited(t, wanted)) {
		t->waiting = 0;
	} else {
		sigset_t pending, held;
		sigpending(&pending);
		if (xlat_sigset_from_darwin(pending) & wanted) {
			pthread_sigmask(SIG_SETMASK, &during, &held);
			pthread_sigmask(SIG_SETMASK, &held, 0);
		}
	}
	if (deliverable(mask)) darwin_raise_queued();
	while (t->waiting && t->handled == handled && !timed_out) {
		struct timespec slice = { WAIT_SLICE_S, 0 };
		if (deadline >= 0) {
			int64_t ns = deadline - now_ns();
			if (ns < 0) ns = 0;
			if (ns < (int64_t)WAIT_SLICE_S * 1000000000) slice = (struct timespec){ (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
		}
		/* pselect: Darwin's atomic wait with a mask and a timeout */
		if (pselect(0, 0, 0, 0, &slice, &during) == 0) timed_out = deadline >= 0 && now_ns() >= deadline;
	}
	t->waiting = 0;
	darwin_signals_await(wanted, 0);
	t->suspend_mask = outer_mask;
	t->suspended = outer;
	pthread_sigmask(SIG_UNBLOCK, &carrier, 0);
	mask_changed(guest_before);
	int sig = t->waited.signo;
	if (!sig) return timed_out ? -LINUX_EAGAIN : -LINUX_EINTR; /* none came, or a handler of another ran */
	if (info && guest_copy(info, &t->waited, sizeof t->waited)) return -LINUX_EFAULT;
	return sig;
}
