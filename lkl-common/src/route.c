#include <asm/errno.h>
#include <lamina/linux_abi.h>
#include "route.h"
#include "channel.h"
#include "host_syscall.h"
#include "state.h"
#include "util.h"
#include "dispatcher.h"
#include "fd_limit.h"
#include "guest_abi.h"
#include "guest_access.h"

void signals_block_all(uint64_t *old)
{
	uint64_t all = ~0ull;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_BLOCK, &all, old, 8);
}

void signals_block_all_but_faults(uint64_t *old)
{
	uint64_t mask = ~(1ull << (LX_SIGSEGV - 1) | 1ull << (LX_SIGBUS - 1));
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &mask, old, 8);
}

void signals_restore(const uint64_t *old)
{
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, old, 0, 8);
}

static uint32_t in_size(const struct route *rt, int i, const long a[6])
{
	switch (rt->kind[i]) {
	case ARG_IN: case ARG_INOUT: return a[i] ? rt->size[i] : 0;
	case ARG_IN_LEN: return a[i] ? (uint32_t)a[i + 1] : 0;
	case ARG_IN_GROUPS: return a[i] ? (uint32_t)a[i - 1] * 4 : 0;
	default: return 0;
	}
}

/* An input argument that travels as an item. */
static int is_item(int kind) { return (kind >= ARG_STR && kind < ARG_OUT) || kind == ARG_INOUT; }

/* Each input item's size, once the guest's memory is seen to hold it all:
 * -EFAULT before anything is sent, as Linux fails before it acts. */
static long in_sizes(const struct route *rt, const long a[6], uint32_t size[6])
{
	for (int i = 0; i < 6; i++) {
		size[i] = 0;
		if (!is_item(rt->kind[i]) || !a[i]) continue;
		if (rt->kind[i] == ARG_STR) {
			long n = guest_strlen((const char *)a[i]);
			if (n < 0) return n;
			size[i] = (uint32_t)n + 1;
		} else if (guest_readable((const void *)a[i], size[i] = in_size(rt, i, a))) {
			return -EFAULT;
		}
	}
	return 0;
}

static size_t out_size(const struct route *rt, int i, const long a[6])
{
	switch (rt->kind[i]) {
	case ARG_OUT: case ARG_INOUT: return rt->size[i];
	case ARG_OUT_LEN: return (size_t)a[i + 1];
	case ARG_OUT_GROUPS: return (size_t)a[i - 1] * 4;
	default: return 0;
	}
}

/* An answer's bytes into the guest's buffer: the guest's layout if it is
 * not the channel's (guest_abi.h). */
static long reply_out(struct call *c, const struct route *rt, int i, void *to, size_t size, uint32_t *left)
{
#if !GUEST_ABI_IS_CHANNEL
	if (rt->kind[i] == ARG_OUT && rt->size[i] == LX_STAT_SIZE && to) {
		unsigned char st[LX_STAT_SIZE];
		long n = reply_item(c, st, sizeof st, left);
		if (n == LX_STAT_SIZE && guest_stat(to, st)) return -EFAULT;
		return n;
	}
#else
	(void)rt, (void)i;
#endif
	return reply_item(c, to, size, left);
}

/* Runs with t->in_call set: t->call is this round trip's alone. */
static long round_trip(struct thread_state *t, long nr, const long guest_args[6])
{
	const struct route *rt = &route_table[nr];
	struct call *c = &t->call;
	const long *a = guest_args;
#if !GUEST_ABI_IS_CHANNEL
	long channel_args[6];
	if (nr == __NR_openat) {
		memcpy(channel_args, guest_args, sizeof channel_args);
		channel_args[2] = guest_open_flags(channel_args[2]);
		a = channel_args;
	}
#endif
	uint32_t size[6], payload = 0;
	long r = in_sizes(rt, a, size);
	if (r) return r;
	for (int i = 0; i < 6; i++)
		if (is_item(rt->kind[i])) payload += call_item_size(size[i]);
	call_begin(c, t->channel, rt->op, a, payload);
	for (int i = 0; i < 6; i++) {
		int kind = rt->kind[i];
		/* A descriptor travels as itself, in argument order; AT_FDCWD (or
		 * any negative number) as nothing: the kernel reads the argument.
		 * So does a directory's whose path (the next argument) is absolute,
		 * since Linux ignores it then, even when it is not open. */
		if ((kind == ARG_FD || kind == ARG_DIRFD) && (int)a[i] >= 0 &&
		    !(kind == ARG_DIRFD && i < 5 && rt->kind[i + 1] == ARG_STR && a[i + 1] && *(const char *)a[i + 1] == '/'))
			call_attach(c, (int)a[i]);
		else if (is_item(kind)) call_item(c, (const void *)a[i], size[i]);
	}
	struct lamina_reply reply;
	int fd = -1;
	r = call_finish(c, &reply, rt->returns_fd ? &fd : 0);
	if (r) return r;
	uint32_t left = reply.size;
	long fault = 0;
	for (int i = 0; i < 6 && left; i++) {
		if (rt->kind[i] < ARG_OUT) continue;
		long n = reply_out(c, rt, i, (void *)a[i], a[i] ? out_size(rt, i, a) : 0, &left);
		if (n == -EFAULT) fault = n; /* the rest is read all the same */
		else if (n < 0) return n;
	}
	while (left)
		if ((r = reply_item(c, 0, 0, &left)) < 0) return r;
	/* An answer the guest's memory could not take: as Linux's copy-out, EFAULT, and a descriptor made is not had. */
	if (fault) {
		if (fd >= 0) host_syscall1(__NR_close, fd);
		return fault;
	}
	/* The kernel opened the file, but the guest's table had no room for it:
	 * Linux says so with EMFILE. */
	if (rt->returns_fd && reply.ret >= 0)
		return fd >= 0 ? fd : c->fds_refused ? -EMFILE : -EPROTO;
	return reply.ret;
}

struct thread_state *route_begin(void)
{
	struct thread_state *t = thread_current();
	t->in_call = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	/* One held since before (in a trap, until its end) came during the
	 * guest's call all the same: a call that blocks in the kernel ends. */
	if (t->deferred) t->call.signalled = 1;
	return t;
}

void route_end(struct thread_state *t)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->in_call = 0;
	t->call.signalled = 0;
	if (t->deferred) signal_replay_deferred(t);
}

int route_end_again(struct thread_state *t, long *r)
{
	if (*r != -LX_ERESTARTSYS) {
		route_end(t);
		return 0;
	}
	/* by the actions the held signals are delivered under (a handler may change them) */
	int again = signal_call_again(t, t->deferred);
	route_end(t);
	*r = -EINTR;
	return again && !t->call.left;
}

long route_call(long nr, const long args[6])
{
	struct thread_state *t = thread_current();
	long r;
	do {
		if (t->call.left) return -EINTR; /* a cancellation came before the call: not made */
		route_begin();
		r = round_trip(t, nr, args);
	} while (route_end_again(t, &r));
	return r;
}

long route_simple(int op, long a0, long a1)
{
	struct thread_state *t = route_begin();
	long r = channel_simple(&t->call, t->channel, op, a0, a1);
	route_end(t);
	return r;
}

long route_post(int op, long a0, long a1)
{
	struct thread_state *t = route_begin();
	long r = channel_post(&t->call, t->channel, op, a0, a1);
	route_end(t);
	return r;
}

long route_fork_channel(int *mine, uint64_t *old)
{
	signals_block_all(old);
	long pid = route_new_channel(LAMINA_OP_FORK, mine);
	if (pid < 0) signals_restore(old);
	return pid;
}

long route_new_channel(int op, int *mine)
{
	int sv[2];
	fd_limit_lift(); /* a guest at its descriptor limit can still fork */
	long r = host_syscall4(__NR_socketpair, LX_AF_UNIX, LX_SOCK_STREAM | LX_SOCK_CLOEXEC, 0, sv);
	fd_limit_drop();
	if (r) return r;
	struct thread_state *t = thread_current();
	struct lamina_reply reply;
	call_begin(&t->call, t->channel, op, 0, 0);
	call_attach(&t->call, sv[1]);
	r = call_finish(&t->call, &reply, 0);
	host_syscall1(__NR_close, sv[1]);
	if (!r) r = reply.ret;
	if (r < 0) {
		host_syscall1(__NR_close, sv[0]);
		return r;
	}
	*mine = sv[0];
	return r;
}
