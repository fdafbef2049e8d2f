/* Sockets the kernel answers, with a port plan on the engine's networks:
 * NETLINK_ROUTE (NetlinkSockets.java) and ICMP echo (EchoSockets.java).
 * socket() asks the kernel, which hands over an AF_UNIX datagram socket
 * and answers every message the guest sends on it by queueing the answers
 * there before the send returns. Reads, polls and closes need nothing. The
 * descriptors are marked here, so that a write() or send() without an
 * address, which names no netlink address, is known to go to the kernel;
 * dup copies a mark and close clears it, and a mark left on a descriptor
 * that now names another socket costs one round trip, in which the kernel
 * says the socket is not one of its own. */
#include <asm/errno.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* Descriptors from this number up are not marked: their sends go to the
 * host end of the pair, unanswered. */
#define MARKS 4096
/* Longer messages are refused with EMSGSIZE (Linux: longer than the socket's
 * send buffer); rtnetlink's requests are a few hundred bytes. */
#define SEND_MAX (64 * 1024)

static uint64_t marks[MARKS / 64];

static void mark(long fd, int on)
{
	if ((unsigned long)fd >= MARKS) return;
	uint64_t bit = 1ull << (fd % 64);
	if (on) __atomic_fetch_or(&marks[fd / 64], bit, __ATOMIC_RELAXED);
	else __atomic_fetch_and(&marks[fd / 64], ~bit, __ATOMIC_RELAXED);
}

int netlink_marked(long fd)
{
	return (unsigned long)fd < MARKS && (__atomic_load_n(&marks[fd / 64], __ATOMIC_RELAXED) >> (fd % 64) & 1);
}

int netlink_names(const void *addr, long len)
{
	const unsigned char *a = addr;
	return a && len >= 2 && (a[0] | a[1] << 8) == LX_AF_NETLINK;
}

long netlink_socket(int what, long type)
{
	long args[6] = { what, type, 0, 0, 0, 0 };
	struct lamina_reply reply;
	int fd = -1;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	call_begin(c, t->channel, LAMINA_OP_SOCKET, args, 0);
	long r = call_finish(c, &reply, &fd);
	uint32_t left = r ? 0 : reply.size;
	while (!r && left) {
		long n = reply_item(c, 0, 0, &left);
		if (n < 0) r = n;
	}
	int refused = c->fds_refused;
	route_end(t);
	if (!r && reply.ret < 0) r = reply.ret;
	if (r) {
		if (fd >= 0) host_syscall1(__NR_close, fd);
		return r;
	}
	/* no descriptor and no error: not the kernel's to answer, the host's */
	if (fd < 0) return refused ? -EMFILE : DISPATCH_PASS;
	mark(fd, reply.ret == 1);
	return fd;
}

long netlink_send(long nr, const long args[6])
{
	if (nr == __NR_sendmsg && !args[1]) return DISPATCH_PASS;
	struct send_parts p;
	send_parts(nr, args, &p);
	if (p.n > 1024 || (p.n && !p.iov)) return DISPATCH_PASS; /* the host says what is wrong */
	unsigned long total = 0;
	uint32_t payload = 0;
	for (unsigned long i = 0; i < p.n; i++) {
		if (p.iov[i].len > SEND_MAX) return -EMSGSIZE;
		total += p.iov[i].len;
		payload += call_item_size((uint32_t)p.iov[i].len);
	}
	if (total > SEND_MAX) return -EMSGSIZE;
	if (p.to_len > LX_SOCKADDR_MAX) return -EINVAL;
	if (p.to_len) payload += call_item_size((uint32_t)p.to_len);
	long call_args[6] = { LAMINA_SOCKET_NETLINK_SEND, p.to_len, 0, 0, 0, 0 };
	struct lamina_reply reply;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	call_begin(c, t->channel, LAMINA_OP_SOCKET, call_args, payload);
	call_attach(c, (int)args[0]);
	if (p.to_len) call_item(c, p.to, (uint32_t)p.to_len);
	for (unsigned long i = 0; i < p.n; i++) call_item(c, p.iov[i].base, (uint32_t)p.iov[i].len);
	long r = call_finish(c, &reply, 0);
	uint32_t left = r ? 0 : reply.size;
	int answered = left > 0;
	while (!r && left) {
		long got = reply_item(c, 0, 0, &left);
		if (got < 0) r = got;
	}
	route_end(t);
	if (r) return r;
	if (!answered) {
		mark(args[0], 0);
		return DISPATCH_PASS;
	}
	return reply.ret;
}

long netlink_dup(long nr, const long args[6])
{
	long r = host_syscall3(nr, args[0], args[1], args[2]);
	if (r >= 0) mark(r, netlink_marked(args[0]));
	return r;
}

void netlink_closed(long fd) { mark(fd, 0); }

int netlink_peer_name(void *addr, void *len_p, int cap)
{
	static const char prefix[] = LAMINA_NETLINK_PEER;
	unsigned char *a = addr;
	int len;
	memcpy(&len, len_p, sizeof len);
	int seen = len < cap ? len : cap;
	/* the family, the abstract name's NUL, then the name as far as the
	 * caller's room shows it */
	if (cap < LX_SOCKADDR_NL_SIZE || seen < LX_SOCKADDR_NL_SIZE || (a[0] | a[1] << 8) != LX_AF_UNIX || a[2]) return 0;
	for (int i = 3; i < seen && i - 3 < (int)sizeof prefix - 1; i++)
		if (a[i] != (unsigned char)prefix[i - 3]) return 0;
	memset(a, 0, LX_SOCKADDR_NL_SIZE);
	a[0] = LX_AF_NETLINK;
	len = LX_SOCKADDR_NL_SIZE;
	memcpy(len_p, &len, sizeof len);
	return 1;
}

int netlink_echo_peer_name(void *addr, void *len_p, int cap)
{
	static const char suffix[] = LAMINA_ECHO_PEER;
	unsigned char *a = addr;
	int len;
	memcpy(&len, len_p, sizeof len);
	int seen = len < cap ? len : cap;
	/* the family, the abstract name's NUL, the address, then the suffix as
	 * far as the caller's room shows it */
	if (seen < LX_SOCKADDR_IN_SIZE || (a[0] | a[1] << 8) != LX_AF_UNIX || a[2]) return 0;
	for (int i = 7; i < seen && i - 7 < (int)sizeof suffix - 1; i++)
		if (a[i] != (unsigned char)suffix[i - 7]) return 0;
	unsigned char ip[4];
	memcpy(ip, a + 3, 4);
	memset(a, 0, LX_SOCKADDR_IN_SIZE);
	a[0] = LX_AF_INET;
	memcpy(a + LX_SOCKADDR_IN_ADDR, ip, 4);
	len = LX_SOCKADDR_IN_SIZE;
	memcpy(len_p, &len, sizeof len);
	return 1;
}
