/* TCP connects without a round trip, with a port plan on the engine's
 * networks. Where a connect leads is the kernel's to say (ports.c's
 * SOCKET_DESTINATION: a container's own port on loopback, another
 * container's address, a gateway, the host's network), and for an IPv4
 * stream socket it grants that its answer may be kept while the engine's
 * route epoch stays: a count in a page of the kernel's, mapped here
 * read-only (struct lamina_route_grant), that every change of ports and
 * addresses raises. Kept answers are found by destination.
 *
 * A connect to another container also needs the socket bound at the
 * container's loopback address first (the other side tells the caller by
 * it), which guest code may not do (port_filter.c): the kernel hands over
 * client sockets bound so, and the guest's socket is swapped for one of
 * them just before it connects. Only a socket this process made and used
 * for nothing yet but setting options (kept here and set again on the
 * client socket), its status flags and close-on-exec (carried over) is
 * swapped: any other call naming it, a dup, a fork or a descriptor sent
 * with SCM_RIGHTS ends that, and its connect asks the kernel as before. */
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* Sockets made by descriptors below this are followed. */
#define FRESH_MAX 1024
#define OPTIONS_MAX 4
#define OPTION_SIZE 16
#define ROUTES 64
#define POOL LAMINA_REPLY_FDS_MAX

/* A socket this process made and has used for nothing yet: its inode (the
 * descriptor may have been closed and reused unseen), under the current
 * generation, its status flags and close-on-exec as set since, and the
 * options set on it. */
struct fresh {
	uint64_t ino;
	uint32_t generation;
	uint32_t status;
	uint8_t cloexec;
	uint32_t noptions;
	struct {
		int level, name;
		uint32_t len;
		unsigned char value[OPTION_SIZE];
	} options[OPTIONS_MAX];
};
static struct fresh fresh[FRESH_MAX];
/* Raised by a fork (both processes hold the sockets then) and by a send of
 * descriptors: every fresh socket is forgotten. Starts at 1: a zeroed entry
 * is no socket. */
static uint32_t generation = 1;
/* Whether this process has made one at all: most never do, and pay nothing. */
static int any_made;

/* A kept answer: the destination (network order), where it leads on the
 * host, whether from a client socket, and the epoch it holds for (0: none).
 * Written under routes_lock, seq odd meanwhile; read without it, seq read
 * before and after (two answers of one epoch may take a slot in turn). */
struct kept_route {
	volatile uint32_t seq;
	uint64_t epoch;
	uint32_t ip;
	uint16_t port;
	uint8_t client, translated;
	unsigned char to[LX_SOCKADDR_IN_SIZE];
};
static struct kept_route routes[ROUTES];
static volatile int routes_lock;
static const volatile uint64_t *epoch_page;

/* Client sockets, at numbers held from the guest (thread_fd_hold). */
static int pool[POOL];
static int pooled;
static volatile int pool_lock;

/* A lock tried once: a thread or a signal handler that finds it taken
 * goes the slow way, and nothing waits. */
static int try_take(volatile int *lock) { return !__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE); }
static void drop(volatile int *lock) { __atomic_store_n(lock, 0, __ATOMIC_RELEASE); }

static uint64_t inode_of(long fd)
{
	uint64_t st[LX_STAT_SIZE / 8];
	return host_syscall2(__NR_fstat, fd, st) ? 0 : st[1];
}

static struct fresh *fresh_of(long fd)
{
	if ((unsigned long)fd >= FRESH_MAX) return 0;
	struct fresh *f = &fresh[fd];
	return f->generation == __atomic_load_n(&generation, __ATOMIC_RELAXED) && f->ino ? f : 0;
}

void tcp_connect_made(long fd, long domain, long type, long protocol)
{
	if ((unsigned long)fd >= FRESH_MAX || domain != LX_AF_INET || (type & LX_SOCK_TYPE_MASK) != LX_SOCK_STREAM ||
	    (protocol != 0 && protocol != LX_IPPROTO_TCP))
		return;
	struct fresh *f = &fresh[fd];
	any_made = 1;
	f->ino = inode_of(fd);
	f->noptions = 0;
	f->status = (type & LX_SOCK_NONBLOCK) ? O_NONBLOCK : 0;
	f->cloexec = (type & LX_SOCK_CLOEXEC) != 0;
	f->generation = __atomic_load_n(&generation, __ATOMIC_RELAXED);
}

static void forget(long fd)
{
	struct fresh *f = fresh_of(fd);
	if (f) f->ino = 0;
}

/* A setsockopt on a fresh socket: kept, or the socket is no longer fresh
 * (more options, or a longer value, than are kept; a socket filter, whose
 * value points at the program, which may be gone when set again). */
static void option_set(long fd, long level, long name, const void *value, long len)
{
	struct fresh *f = fresh_of(fd);
	if (!f) return;
	if (f->noptions == OPTIONS_MAX || len < 0 || len > OPTION_SIZE || (level == LX_SOL_SOCKET && LX_SO_FILTER(name)) ||
	    (len && guest_copy(f->options[f->noptions].value, value, (size_t)len))) {
		f->ino = 0;
		return;
	}
	f->options[f->noptions].level = (int)level;
	f->options[f->noptions].name = (int)name;
	f->options[f->noptions].len = (uint32_t)len;
	f->noptions++;
}

void tcp_connect_touched(long nr, const long args[6])
{
	if (!__atomic_load_n(&any_made, __ATOMIC_RELAXED)) return;
	const struct lx_msghdr *m = (const void *)args[1];
	if ((nr == __NR_sendmsg && m && !guest_readable(m, sizeof *m) && m->control && m->controllen) ||
	    nr == __NR_sendmmsg || nr == __NR_close_range) {
		/* descriptors sent along may be fresh sockets; close_range closes many */
		__atomic_add_fetch(&generation, 1, __ATOMIC_RELAXED);
		return;
	}
	if ((unsigned long)nr >= ROUTE_TABLE_SIZE || !route_table[nr].fds) return;
	if (nr == __NR_setsockopt) {
		option_set(args[0], args[1], args[2], (const void *)args[3], (int)args[4]);
		return;
	}
	if (nr == __NR_getsockopt || nr == __NR_getsockname || nr == __NR_getpeername || nr == __NR_connect ||
	    nr == __NR_fstat)
		return;
	if (nr == __NR_fcntl && ((int)args[1] == F_GETFL || (int)args[1] == F_GETFD)) return;
	if (nr == __NR_fcntl && ((int)args[1] == F_SETFL || (int)args[1] == F_SETFD)) {
		struct fresh *f = fresh_of(args[0]);
		if (f && (int)args[1] == F_SETFL) f->status = (uint32_t)args[2];
		if (f && (int)args[1] == F_SETFD) f->cloexec = (args[2] & FD_CLOEXEC) != 0;
		return;
	}
	for (int i = 0; i < 6; i++)
		if (route_table[nr].fds & (1u << i)) forget(args[i]);
}

void tcp_connect_forked(int child)
{
	__atomic_add_fetch(&generation, 1, __ATOMIC_RELAXED);
	if (!child) return;
	/* the parent's client sockets stay the parent's: their numbers were
	 * given back with every other held one (thread_channels_forget) */
	pooled = 0;
	pool_lock = 0;
	routes_lock = 0;
}

static unsigned slot_of(uint32_t ip, uint16_t port) { return (ip ^ ip >> 16 ^ (uint32_t)port * 31u) % ROUTES; }

/* The kept answer for ip:port into *out, if it holds. */
static int route_find(uint32_t ip, uint16_t port, struct kept_route *out)
{
	if (!epoch_page) return 0;
	const struct kept_route *r = &routes[slot_of(ip, port)];
	uint32_t seq = __atomic_load_n(&r->seq, __ATOMIC_ACQUIRE);
	if (seq & 1) return 0;
	*out = *r;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&r->seq, __ATOMIC_RELAXED) != seq) return 0;
	return out->epoch && out->epoch == __atomic_load_n(epoch_page, __ATOMIC_ACQUIRE) && out->ip == ip && out->port == port;
}

static void route_keep(uint32_t ip, uint16_t port, const struct lamina_route_grant *g, const unsigned char *to, uint32_t to_len)
{
	if (to_len && to_len != LX_SOCKADDR_IN_SIZE) return;
	if (!try_take(&routes_lock)) return;
	struct kept_route *r = &routes[slot_of(ip, port)];
	__atomic_store_n(&r->seq, r->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->epoch = g->epoch;
	r->ip = ip;
	r->port = port;
	r->client = (g->flags & LAMINA_ROUTE_CLIENT) != 0;
	r->translated = to_len != 0;
	if (to_len) memcpy(r->to, to, to_len);
	__atomic_store_n(&r->seq, r->seq + 1, __ATOMIC_RELEASE);
	drop(&routes_lock);
}

static int pool_take(void)
{
	int fd = -1;
	if (!try_take(&pool_lock)) return -1;
	if (pooled) fd = pool[--pooled];
	drop(&pool_lock);
	return fd;
}

int tcp_connect_release(void)
{
	int fd = pool_take();
	if (fd < 0) return 0;
	thread_fd_give_back(fd);
	return 1;
}

/* A client socket received (at a guest number): held from the guest, or closed. */
static void pool_put(int fd)
{
	int held = thread_fd_hold(fd);
	if (held < 0) {
		host_syscall1(__NR_close, fd);
		return;
	}
	if (try_take(&pool_lock)) {
		if (pooled < POOL) {
			pool[pooled++] = held;
			held = -1;
		}
		drop(&pool_lock);
	}
	if (held >= 0) thread_fd_give_back(held);
}

/* The guest's socket fd swapped for the client socket c: its status
 * flags, close-on-exec and options go along. 0, or a negative errno (c is
 * given back either way). */
static long swap(long fd, const struct fresh *f, int c)
{
	long r = 0;
	for (uint32_t i = 0; !r && i < f->noptions; i++)
		r = host_syscall5(__NR_setsockopt, c, f->options[i].level, f->options[i].name, (long)f->options[i].value,
		                  f->options[i].len);
	/* F_SETFL takes only these; a client socket has none yet */
	if (!r && (f->status & (O_APPEND | FASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK)))
		r = host_syscall3(__NR_fcntl, c, F_SETFL, f->status);
	if (!r && host_syscall3(__NR_dup3, c, fd, f->cloexec ? O_CLOEXEC : 0) != fd) r = -EBADF;
	thread_fd_give_back(c);
	return r;
}

/* The kernel's answer for a connect of a fresh socket, asking to keep it,
 * for the epoch page if not mapped yet and for client sockets to refill
 * the pool; the address it leads to into to (*to_len 0: as said). */
static long ask_route(long fd, const void *addr, long len, unsigned char to[LX_SOCKADDR_MAX], uint32_t *to_len)
{
	int want_page = !epoch_page;
	long args[6] = { LAMINA_SOCKET_DESTINATION, LAMINA_ROUTE_GRANT | (want_page ? LAMINA_ROUTE_EPOCH : 0),
	                 POOL - __atomic_load_n(&pooled, __ATOMIC_RELAXED), 0, 0, 0 };
	struct lamina_reply reply;
	struct lamina_route_grant grant;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	int *fds = c->reply_fds; /* off the stack, which may be a handler's small one */
	call_begin(c, t->channel, LAMINA_OP_SOCKET, args, call_item_size((uint32_t)len));
	call_attach(c, (int)fd);
	call_item(c, addr, (uint32_t)len);
	long r = call_finish_fds(c, &reply, fds, LAMINA_REPLY_FDS_MAX);
	uint32_t left = r ? 0 : reply.size;
	int granted = !r && reply.ret == 1;
	*to_len = 0;
	if (granted) {
		long n = reply_item(c, &grant, sizeof grant, &left);
		if (n < 0) r = n;
		else if (n != sizeof grant) r = -EPROTO;
	}
	for (int first = 1; !r && left; first = 0) {
		long n = reply_item(c, first ? to : 0, first ? LX_SOCKADDR_MAX : 0, &left);
		if (n < 0) r = n;
		else if (first) *to_len = n > LX_SOCKADDR_MAX ? LX_SOCKADDR_MAX : (uint32_t)n;
	}
	/* Before the round trip ends, while guest signals wait: a handler's own
	 * connect would find the fds at guest numbers, and reply_fds in use. */
	int at = 0;
	if (!r && granted && want_page && fds[0] >= 0) {
		long page = host_syscall6(__NR_mmap, 0, 4096, PROT_READ, MAP_SHARED, fds[0], 0);
		const volatile uint64_t *none = 0;
		if (!host_is_error(page) && !__atomic_compare_exchange_n(&epoch_page, &none, (const volatile uint64_t *)page, 0,
		                                                         __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			host_syscall2(__NR_munmap, page, 4096); /* another thread's came first */
		host_syscall1(__NR_close, fds[0]);
		at = 1;
	}
	fd_limit_lift(); /* once for them all: held numbers lie above a guest's lowered limit */
	for (; at < LAMINA_REPLY_FDS_MAX; at++)
		if (fds[at] >= 0) {
			if (!r && granted) pool_put(fds[at]);
			else host_syscall1(__NR_close, fds[at]);
		}
	fd_limit_drop();
	route_end(t);
	if (r) return r;
	if (granted && epoch_page) {
		const unsigned char *a = addr;
		uint32_t ip;
		uint16_t port;
		memcpy(&port, a + 2, 2);
		memcpy(&ip, a + LX_SOCKADDR_IN_ADDR, 4);
		route_keep(ip, port, &grant, to, *to_len);
	}
	return reply.ret < 0 ? reply.ret : 0;
}

long tcp_connect(long fd, const void *addr, long len)
{
	struct fresh *f = fresh_of(fd);
	unsigned short family = 0;
	if (addr && len >= 2) memcpy(&family, addr, 2);
	if (!f || family != LX_AF_INET || len < LX_SOCKADDR_IN_SIZE) return DISPATCH_PASS;
	const unsigned char *a = addr;
	uint32_t ip;
	uint16_t port;
	memcpy(&port, a + 2, 2);
	memcpy(&ip, a + LX_SOCKADDR_IN_ADDR, 4);
	struct kept_route kept;
	if (route_find(ip, port, &kept) && inode_of(fd) == f->ino) {
		int c = kept.client ? pool_take() : -1;
		if (!kept.client || (c >= 0 && !swap(fd, f, c))) {
			f->ino = 0;
			return host_syscall3(__NR_connect, fd, kept.translated ? (long)kept.to : (long)addr,
			                     kept.translated ? LX_SOCKADDR_IN_SIZE : len);
		}
	}
	/* Asked: the kernel binds the guest's own socket where it must. */
	unsigned char to[LX_SOCKADDR_MAX];
	uint32_t to_len;
	long r = ask_route(fd, addr, len, to, &to_len);
	f->ino = 0;
	if (r < 0) return r;
	return host_syscall3(__NR_connect, fd, to_len ? (long)to : (long)addr, to_len ? (long)to_len : len);
}
