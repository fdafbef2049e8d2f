/* AF_UNIX sockets. Named by a path, the kernel resolves the name inside the
 * container. It binds the socket itself (sent along with the request); for
 * connect and send it hands back the socket file as an O_PATH descriptor,
 * which the call then names as /proc/self/fd/N: nothing a guest renames
 * after the kernel's check can redirect it, and host paths stay short enough
 * for sun_path.
 *
 * Stream and seqpacket sockets the guest never holds unconnected: guest
 * code calling connect itself (past musl+) names host paths, and Landlock
 * has no right for that. socket() gives a placeholder instead, one end of a
 * pair whose other end is closed (connect: EISCONN), marked by its peek
 * offset; the kernel makes the real socket when it is bound (then listening
 * at once), listened on or connected, and it takes the placeholder's
 * descriptor. A bound one's connect has the kernel connect another from its
 * name in its stead (unix_bound_connect). A seccomp filter refuses guest
 * code such sockets of its own (container_filter.c). */
#include <asm/errno.h>
#include <asm/fcntl.h>
#include <asm/socket.h>
#include <asm/unistd.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* "LMNA": no peek offset a guest sets by chance. */
#define PLACEHOLDER_MARK 0x4c4d4e41
/* "LMNB": a socket the kernel bound for a placeholder, listening since, which
 * the guest has not listened on itself: a connect of it is Linux's connect of
 * a bound socket (unix_bound_connect). */
#define BOUND_MARK 0x4c4d4e42

int unix_names_path(const void *addr, long len)
{
	const struct lx_sockaddr_un *a = addr;
	return addr && len > 2 && a->family == LX_AF_UNIX && a->path[0] != 0;
}

int unix_placeholder_type(long type)
{
	int t = (int)type & LX_SOCK_TYPE_MASK;
	return t == LX_SOCK_STREAM || t == LX_SOCK_SEQPACKET;
}

long unix_socket_open(long type, long protocol)
{
	int sv[2];
	long r = host_syscall4(__NR_socketpair, LX_AF_UNIX, type, protocol, (long)sv);
	if (r < 0) return r;
	host_syscall1(__NR_close, sv[1]);
	int mark = PLACEHOLDER_MARK;
	host_syscall5(__NR_setsockopt, sv[0], LX_SOL_SOCKET, SO_PEEK_OFF, (long)&mark, sizeof mark);
	return sv[0];
}

int unix_option(long fd, int name)
{
	int v = -1, len = sizeof v;
	return host_syscall5(__NR_getsockopt, fd, LX_SOL_SOCKET, name, (long)&v, (long)&len) ? -1 : v;
}

int unix_placeholder(long fd)
{
	return unix_option(fd, SO_PEEK_OFF) == PLACEHOLDER_MARK && unix_option(fd, SO_DOMAIN) == LX_AF_UNIX;
}

int unix_bound_unlistened(long fd)
{
	return unix_option(fd, SO_PEEK_OFF) == BOUND_MARK && unix_option(fd, SO_DOMAIN) == LX_AF_UNIX;
}

void unix_listened(long fd)
{
	int off = -1;
	host_syscall5(__NR_setsockopt, fd, LX_SOL_SOCKET, SO_PEEK_OFF, (long)&off, sizeof off);
}

/* One OP_UNIX_PATH round trip: `sock` rides along when not negative; the
 * socket or socket file the kernel answers with lands in *file. */
long unix_ask(long op, long backlog, const char *name, uint32_t len, int sock, int *file)
{
	long args[6] = { op, backlog, 0, 0, 0, 0 };
	struct thread_state *t = thread_current();
	struct call *c = &t->call;
	long r;
	do { /* a connect to a full backlog ends for a signal, as a blocking connect does */
		if (t->call.left) return -EINTR; /* a cancellation came before the call: not made */
		route_begin();
		call_begin(c, t->channel, LAMINA_OP_UNIX_PATH, args, call_item_size(len));
		if (sock >= 0) call_attach(c, sock);
		call_item(c, name, len);
		r = call_answer(c, file);
	} while (route_end_again(t, &r));
	if (!r && file && *file < 0) r = c->fds_refused ? -EMFILE : -EPROTO;
	return r;
}

/* The kernel's socket takes the placeholder's descriptor, close-on-exec as
 * that was. */
static long take_place(long fd, int fresh)
{
	long flags = host_syscall2(__NR_fcntl, fd, F_GETFD);
	long r = flags < 0 ? flags : host_syscall3(__NR_dup3, fresh, fd, (flags & FD_CLOEXEC) ? O_CLOEXEC : 0);
	host_syscall1(__NR_close, fresh);
	return r < 0 ? r : 0;
}

uint32_t unix_name_length(const struct lx_sockaddr_un *a, long len)
{
	uint32_t n = (uint32_t)len - 2;
	/* A path ends at its NUL; an abstract name is every byte given. */
	if (n && a->path[0]) {
		uint32_t end = 0;
		while (end < n && a->path[end]) end++;
		n = end;
	}
	return n;
}

long unix_placeholder_call(long nr, long fd, const void *addr, long len, long backlog)
{
	const struct lx_sockaddr_un *a = addr;
	uint32_t n = 0;
	if (nr != __NR_listen) {
		if (len < 2 || len > (long)sizeof *a) return -EINVAL;
		n = unix_name_length(a, len);
		if (nr == __NR_connect && !n) return -EINVAL;
	}
	long op = nr == __NR_bind ? LAMINA_UNIX_NEW_BIND : nr == __NR_connect ? LAMINA_UNIX_NEW_CONNECT : LAMINA_UNIX_NEW_LISTEN;
	int fresh = -1;
	long r = unix_ask(op, backlog, n ? a->path : 0, n, (int)fd, &fresh);
	if (r < 0) return r;
	if (op == LAMINA_UNIX_NEW_BIND) {
		int mark = BOUND_MARK;
		host_syscall5(__NR_setsockopt, fresh, LX_SOL_SOCKET, SO_PEEK_OFF, (long)&mark, sizeof mark);
	}
	return take_place(fd, fresh);
}

/* A connect of a socket bound by path and not listened on: the kernel
 * connects one like it from the same name, which takes its descriptor (the
 * bound one listens, so it cannot connect itself). */
long unix_bound_connect(long fd, const void *addr, long len)
{
	const struct lx_sockaddr_un *a = addr;
	if (len < 2 || len > (long)sizeof *a) return -EINVAL;
	uint32_t n = unix_name_length(a, len);
	if (!n) return -EINVAL;
	int fresh = -1;
	long r = unix_ask(LAMINA_UNIX_BOUND_CONNECT, 0, a->path, n, (int)fd, &fresh);
	return r < 0 ? r : take_place(fd, fresh);
}

long unix_path_call(long nr, long fd, const void *addr, long len, const long args[6])
{
	const struct lx_sockaddr_un *a = addr;
	size_t max = (size_t)len - 2 < LX_SUN_PATH_MAX ? (size_t)len - 2 : LX_SUN_PATH_MAX;
	size_t n = 0;
	while (n < max && a->path[n]) n++;
	/* The name goes as the guest wrote it, unterminated: the kernel takes
	 * an item's length as the name's. */
	if (nr == __NR_bind) return unix_ask(LAMINA_UNIX_BIND, 0, a->path, (uint32_t)n, (int)fd, 0);
	if (nr != __NR_connect && unix_dgram(fd)) return unix_dgram_send(nr, args, a->path, (uint32_t)n);
	int file = -1;
	long r = unix_ask(LAMINA_UNIX_FILE, 0, a->path, (uint32_t)n, -1, &file);
	if (r < 0) return r;
	/* A short address (Linux takes any length up to sockaddr_un's): it
	 * stays on this stack, since a guest handler's own call may come in
	 * before the host call below. */
	struct { unsigned short family; char path[FD_PATH_MAX]; } host = { LX_AF_UNIX, "" };
	fd_path(host.path, "/proc/self/fd/", file);
	long hlen = (long)(2 + str_len(host.path) + 1);
	if (nr == __NR_sendto) {
		r = host_syscall6(nr, fd, args[1], args[2], args[3], (long)&host, hlen);
	} else if (nr == __NR_sendmsg) {
		struct lx_msghdr msg = *(const struct lx_msghdr *)args[1];
		msg.name = &host;
		msg.namelen = (int)hlen;
		r = host_syscall3(nr, fd, &msg, args[2]);
	} else {
		r = host_syscall3(nr, fd, &host, hlen);
	}
	host_syscall1(__NR_close, file);
	return r;
}

long unix_name_ask(long op, long a1, int fd, const char *item, uint32_t item_len, struct lx_sockaddr_un *out)
{
	long args[6] = { op, a1, 0, 0, 0, 0 };
	struct lamina_reply reply;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	call_begin(c, t->channel, LAMINA_OP_UNIX_PATH, args, item ? call_item_size(item_len) : 0);
	call_attach(c, fd);
	if (item) call_item(c, item, item_len);
	long r = call_finish(c, &reply, 0);
	uint32_t left = r ? 0 : reply.size;
	long got = 0;
	if (!r && left) got = reply_item(c, out->path, sizeof out->path, &left);
	while (!r && got >= 0 && left) {
		long more = reply_item(c, 0, 0, &left);
		if (more < 0) got = more;
	}
	route_end(t);
	if (r) return r;
	if (got < 0) return got;
	if (reply.ret < 0) return reply.ret;
	out->family = LX_AF_UNIX;
	if (got >= (long)sizeof out->path) return sizeof out->path;
	out->path[got] = 0;
	return got;
}

int unix_name_size(const struct lx_sockaddr_un *a, uint32_t n)
{
	/* a path as Linux gives it: with its NUL when there is room */
	return (int)(2 + n + (n && n < sizeof a->path && a->path[0] ? 1 : 0));
}

static const char KERNEL_BOUND[] = LAMINA_KERNEL_BOUND;

void unix_name_shown(long fd, int peer, void *addr, int *len)
{
	struct lx_sockaddr_un *a = addr;
	if (*len <= (int)(2 + sizeof KERNEL_BOUND - 1) || a->family != LX_AF_UNIX) return;
	for (size_t i = 0; i < sizeof KERNEL_BOUND - 1; i++)
		if (a->path[i] != KERNEL_BOUND[i]) return;
	struct lx_sockaddr_un name;
	long n = unix_name_ask(LAMINA_UNIX_NAME, peer, (int)fd, a->path, unix_name_length(a, *len), &name);
	if (n <= 0) return;
	*len = unix_name_size(&name, (uint32_t)n);
	char *to = addr;
	const char *from = (const char *)&name;
	for (int i = 0; i < *len; i++) to[i] = from[i];
}

long unix_names_call(long nr, const long args[6])
{
	unsigned char name[LX_SOCKADDR_MAX];
	int len = sizeof name;
	long fd = args[0];
	int *len_p = (int *)args[2];
	int cap;
	if (guest_copy(&cap, len_p, sizeof cap)) return -EFAULT;
	long r;
	if (nr == __NR_getsockname || nr == __NR_getpeername)
		r = ports_in_force() ? ports_name(nr, fd, name, &len) : host_syscall3(nr, fd, name, &len);
	else
		r = host_syscall4(nr, fd, name, &len, nr == __NR_accept ? 0 : args[3]);
	if (r < 0) return r;
	if (cap < 0) return -EINVAL;
	long sock = nr == __NR_getsockname || nr == __NR_getpeername ? fd : r;
	if (ports_in_force() && (nr == __NR_accept || nr == __NR_accept4)) ports_source(fd, name, &len, sizeof name);
	unix_name_shown(sock, nr != __NR_getsockname, name, &len);
	/* Into the guest's memory, which may refuse it: EFAULT, and an accepted connection is not had. */
	if (guest_copy((char *)args[1], name, (size_t)(len < cap ? len : cap)) || guest_copy(len_p, &len, sizeof len)) {
		if (nr == __NR_accept || nr == __NR_accept4) host_syscall1(__NR_close, r);
		return -EFAULT;
	}
	return r;
}
