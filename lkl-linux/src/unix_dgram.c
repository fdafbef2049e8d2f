/* AF_UNIX datagram sockets. A datagram socket sends to any name it is
 * given, connected or not, and Landlock has no right for a host path: guest
 * code holding one could write to a host's /dev/log, journald or a service
 * manager's notify socket. So the guest holds none that can send. The
 * kernel makes each one shut for sending (it still receives, at full
 * speed, with its senders' names) and sends every datagram itself, on a
 * socket of its own, to the name resolved in the container; connect only
 * tells the kernel the peer. A datagram pair is a seqpacket pair, which
 * sends to its peer alone whatever name is given. The seccomp filter
 * refuses guest code AF_UNIX sockets and datagram pairs of its own
 * (container_filter.c). */
#include <asm/errno.h>
#include <asm/fcntl.h>
#include <asm/socket.h>
#include <asm/unistd.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "util.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"

/* Larger than any datagram the host takes (its send buffer's limit): a
 * bigger one is EMSGSIZE, as there. */
#define SEND_MAX (4u << 20)
#define IOV_MAX 1024

long unix_dgram_open(long type, long protocol)
{
	if (protocol != 0 && protocol != LX_AF_UNIX) return -EPROTONOSUPPORT;
	if (type & ~(LX_SOCK_TYPE_MASK | LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC)) return -EINVAL;
	int fd = -1;
	long r = unix_ask(LAMINA_UNIX_DGRAM_OPEN, type, 0, 0, -1, &fd);
	return r < 0 ? r : fd;
}

long unix_dgram_pair(long type, long protocol, long sv)
{
	return host_syscall4(__NR_socketpair, LX_AF_UNIX, (type & ~LX_SOCK_TYPE_MASK) | LX_SOCK_SEQPACKET, protocol, sv);
}

int unix_dgram(long fd)
{
	return unix_option(fd, SO_TYPE) == LX_SOCK_DGRAM && unix_option(fd, SO_DOMAIN) == LX_AF_UNIX;
}

long unix_dgram_connect(long fd, const void *addr, long len)
{
	const struct lx_sockaddr_un *a = addr;
	if (len < 2 || len > (long)sizeof *a) return -EINVAL;
	uint32_t n = 0;
	if (a->family == LX_AF_UNIX) {
		n = unix_name_length(a, len);
		if (!n) return -EINVAL;
	}
	return unix_ask(LAMINA_UNIX_DGRAM_CONNECT, 0, a->path, n, (int)fd, 0);
}

long unix_dgram_shut(long fd, long how)
{
	long r = unix_ask(LAMINA_UNIX_DGRAM_SHUT, 0, 0, 0, (int)fd, 0);
	return r < 0 ? r : host_syscall2(__NR_shutdown, fd, how);
}

long unix_dgram_send(long nr, const long args[6], const char *name, uint32_t name_len)
{
	struct send_parts p;
	send_parts(nr, args, &p);
	/* Descriptors and credentials would need the kernel to send them on. */
	if (p.control_len) return -EOPNOTSUPP;
	if (p.n > IOV_MAX) return -EINVAL;
	if (p.n && !p.iov) return -EFAULT;
	unsigned long total = 0;
	uint32_t payload = call_item_size(name_len);
	for (unsigned long i = 0; i < p.n; i++) {
		if (p.iov[i].len > SEND_MAX || (total += p.iov[i].len) > SEND_MAX) return -EMSGSIZE;
		payload += call_item_size((uint32_t)p.iov[i].len);
	}
	long call_args[6] = { LAMINA_UNIX_DGRAM_SEND, p.flags, 0, 0, 0, 0 };
	struct thread_state *t = thread_current();
	long r;
	do { /* a send waiting for room ends for a signal, as a blocking send does */
		if (t->call.left) return -EINTR; /* a cancellation came before the send: not made */
		route_begin();
		struct call *c = &t->call;
		call_begin(c, t->channel, LAMINA_OP_UNIX_PATH, call_args, payload);
		call_attach(c, (int)args[0]);
		call_item(c, name, name_len);
		for (unsigned long i = 0; i < p.n; i++) call_item(c, p.iov[i].base, (uint32_t)p.iov[i].len);
		r = call_answer(c, 0);
	} while (route_end_again(t, &r));
	return r;
}

/* A send the host refused with EPIPE: on a datagram socket of the guest's,
 * the kernel's to make (with the name given, an abstract one: paths come
 * through unix_path_call). */
long unix_dgram_resend(long nr, const long args[6])
{
	if (!unix_dgram(args[0])) return -EPIPE;
	struct send_parts p;
	send_parts(nr, args, &p);
	const struct lx_sockaddr_un *a = p.to;
	if (!p.to_len) return unix_dgram_send(nr, args, 0, 0);
	if (p.to_len < 2 || p.to_len > (long)sizeof *a || a->family != LX_AF_UNIX) return -EINVAL;
	return unix_dgram_send(nr, args, a->path, unix_name_length(a, p.to_len));
}

long unix_dgram_peer(long fd, void *addr, int *len)
{
	struct lx_sockaddr_un name;
	long n = unix_name_ask(LAMINA_UNIX_DGRAM_PEER, 0, (int)fd, 0, 0, &name);
	if (n < 0) return n;
	int full = unix_name_size(&name, (uint32_t)n), cap = *len;
	if (cap < 0) return -EINVAL;
	const char *from = (const char *)&name;
	char *to = addr;
	for (int i = 0; i < cap && i < full; i++) to[i] = from[i];
	*len = full;
	return 0;
}

/* A datagram from a named socket comes from the kernel's socket bound at a
 * path that stands for it (in a directory of the kernel's own, named
 * LAMINA_DGRAM_SENDER and more): shown as the sender's own name, or as
 * unnamed when it is not one of the kernel's or the kernel no longer knows
 * the sender. */
void unix_dgram_sender(long fd, void *addr, void *len_p, int cap)
{
	static const char prefix[] = LAMINA_DGRAM_SENDER;
	const struct lx_sockaddr_un *a = addr;
	int len;
	memcpy(&len, len_p, sizeof len);
	if (len > cap || len < (int)(2 + sizeof prefix - 1) || len > (int)sizeof *a || a->family != LX_AF_UNIX)
		return;
	if (memcmp(a->path, prefix, sizeof prefix - 1)) return;
	struct lx_sockaddr_un name;
	long n = unix_name_ask(LAMINA_UNIX_NAME, LAMINA_NAME_SENDER, (int)fd, a->path, unix_name_length(a, len), &name);
	int full = n > 0 ? unix_name_size(&name, (uint32_t)n) : 0; /* Linux's length for an unnamed sender */
	memcpy(addr, &name, (size_t)(full < cap ? full : cap));
	memcpy(len_p, &full, sizeof full);
}
