/* A port plan (LAMINA_PLAN_PORTS): the container has a port space of its
 * own. Every bind and listen goes to the kernel with the socket, which binds
 * it at the host address and port the plan gives (guest code never picks a
 * host port; port_filter.c refuses it both calls) and keeps the guest's
 * view: getsockname and getpeername show the guest's ports, and a
 * connection or datagram to one of the container's own ports on loopback
 * goes to the host port behind it. */
#include <asm/errno.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

int ports_in_force(void) { return (process.flags & LAMINA_PLAN_PORTS) != 0; }

/* One OP_SOCKET round trip, the socket attached: an item in when `in` is
 * given, and the reply's item (up to `cap` bytes) in `out`, its length in
 * *out_len (0: none). */
static long ask_into(int what, long fd, long a1, const void *in, uint32_t in_len, unsigned char *out, uint32_t cap,
                     uint32_t *out_len)
{
	long args[6] = { what, a1, 0, 0, 0, 0 };
	struct lamina_reply reply;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	call_begin(c, t->channel, LAMINA_OP_SOCKET, args, in ? call_item_size(in_len) : 0);
	call_attach(c, (int)fd);
	if (in) call_item(c, in, in_len);
	long r = call_finish(c, &reply, 0);
	uint32_t left = r ? 0 : reply.size;
	if (out_len) *out_len = 0;
	for (int first = 1; !r && left; first = 0) {
		long n = reply_item(c, first ? out : 0, first && out ? cap : 0, &left);
		if (n < 0) r = n;
		else if (first && out_len) *out_len = n > cap ? cap : (uint32_t)n;
	}
	route_end(t);
	return r ? r : reply.ret;
}

/* ask_into with an address's room (LX_SOCKADDR_MAX). */
static long ask(int what, long fd, long a1, const void *in, uint32_t in_len, unsigned char *out, uint32_t *out_len)
{
	return ask_into(what, fd, a1, in, in_len, out, LX_SOCKADDR_MAX, out_len);
}

long ports_bind(long fd, const void *addr, long len)
{
	if (len < 0 || len > LX_SOCKADDR_MAX) return -EINVAL;
	return ask(LAMINA_SOCKET_BIND, fd, 0, addr, (uint32_t)len, 0, 0);
}

long ports_listen(long fd, long backlog)
{
	return ask(LAMINA_SOCKET_LISTEN, fd, (int)backlog, 0, 0, 0, 0);
}

long ports_name(long nr, long fd, void *addr, int *len)
{
	unsigned char name[LX_SOCKADDR_MAX];
	uint32_t n;
	if (!addr || !len) return -EFAULT;
	long r = ask(nr == __NR_getsockname ? LAMINA_SOCKET_NAME : LAMINA_SOCKET_PEER, fd, 0, 0, 0, name, &n);
	if (r < 0) return r;
	if (*len < 0) return -EINVAL;
	memcpy(addr, name, (uint32_t)*len < n ? (uint32_t)*len : n);
	*len = (int)n;
	return 0;
}

int ports_loopback(const void *addr, long len)
{
	const unsigned char *a = addr;
	if (!a || len < 2) return 0;
	unsigned short family;
	memcpy(&family, a, 2);
	if (family == LX_AF_INET) return len >= LX_SOCKADDR_IN_SIZE && a[LX_SOCKADDR_IN_ADDR] == 127;
	if (family != LX_AF_INET6 || len < LX_SOCKADDR_IN6_ADDR + 16) return 0;
	const unsigned char *v6 = a + LX_SOCKADDR_IN6_ADDR;
	for (int i = 0; i < 10; i++)
		if (v6[i]) return 0;
	if (v6[10] == 0xff && v6[11] == 0xff) return v6[12] == 127; /* ::ffff:127.x.y.z */
	for (int i = 10; i < 15; i++)
		if (v6[i]) return 0;
	return v6[15] == 1; /* ::1 */
}

/* The IPv4 address of an AF_INET or v4-mapped AF_INET6 address, in host
 * order; 0 when there is none. */
static uint32_t ipv4_of(const void *addr, long len)
{
	const unsigned char *a = addr, *v4;
	unsigned short family;
	if (!a || len < 2) return 0;
	memcpy(&family, a, 2);
	if (family == LX_AF_INET && len >= LX_SOCKADDR_IN_SIZE) v4 = a + LX_SOCKADDR_IN_ADDR;
	else if (family == LX_AF_INET6 && len >= LX_SOCKADDR_IN6_ADDR + 16) {
		const unsigned char *v6 = a + LX_SOCKADDR_IN6_ADDR;
		for (int i = 0; i < 10; i++)
			if (v6[i]) return 0;
		if (v6[10] != 0xff || v6[11] != 0xff) return 0;
		v4 = v6 + 12;
	} else return 0;
	return (uint32_t)v4[0] << 24 | (uint32_t)v4[1] << 16 | (uint32_t)v4[2] << 8 | v4[3];
}

/* 0.0.0.0, :: or ::ffff:0.0.0.0, which Linux takes for the machine itself */
static int unspecified(const void *addr, long len)
{
	const unsigned char *a = addr;
	unsigned short family;
	if (!a || len < 2) return 0;
	memcpy(&family, a, 2);
	if (family == LX_AF_INET) return len >= LX_SOCKADDR_IN_SIZE && !ipv4_of(addr, len);
	if (family != LX_AF_INET6 || len < LX_SOCKADDR_IN6_ADDR + 16) return 0;
	const unsigned char *v6 = a + LX_SOCKADDR_IN6_ADDR;
	for (int i = 0; i < 10; i++)
		if (v6[i]) return 0;
	int mapped = v6[10] == 0xff && v6[11] == 0xff;
	for (int i = mapped ? 12 : 10; i < 16; i++)
		if (v6[i]) return 0;
	return 1;
}

int ports_routed(long nr, const void *addr, long len)
{
	if (ports_loopback(addr, len) || unspecified(addr, len)) return 1;
	if (process.flags & LAMINA_PLAN_ISOLATED) {
		unsigned short family = 0;
		if (addr && len >= 2) memcpy(&family, addr, 2);
		return family == LX_AF_INET || family == LX_AF_INET6;
	}
	uint32_t ip = ipv4_of(addr, len);
	if (!ip) return 0;
	/* A connect is asked about any IPv4 address (a network's subnet may be
	 * any); a datagram only in the private ranges Docker's networks use, so
	 * that other traffic costs no round trip per packet. */
	if (nr == __NR_connect) return 1;
	return (ip >> 24) == 10 || (ip >> 20) == (172 << 4 | 1) || (ip >> 16) == (192 << 8 | 168);
}

long ports_source(long fd, void *addr, void *len_p, int cap)
{
	unsigned char name[LX_SOCKADDR_MAX];
	uint32_t n;
	int len;
	if (!addr || !len_p) return 0;
	if (netlink_peer_name(addr, len_p, cap) || netlink_echo_peer_name(addr, len_p, cap)) return 0;
	memcpy(&len, len_p, sizeof len);
	if (len <= 0 || !ports_loopback(addr, len)) return 0;
	long r = ask(LAMINA_SOCKET_SOURCE, fd, 0, addr, (uint32_t)(len > LX_SOCKADDR_MAX ? LX_SOCKADDR_MAX : len), name, &n);
	if (r < 0 || !n) return r;
	memcpy(addr, name, (uint32_t)len < n ? (uint32_t)len : n);
	return 0;
}

int ports_interface_request(unsigned long request)
{
	switch (request) {
	case LX_SIOCGIFFLAGS: case LX_SIOCGIFADDR: case LX_SIOCGIFDSTADDR: case LX_SIOCGIFBRDADDR:
	case LX_SIOCGIFNETMASK: case LX_SIOCGIFMETRIC: case LX_SIOCGIFMTU: case LX_SIOCGIFHWADDR:
	case LX_SIOCGIFINDEX: case LX_SIOCGIFTXQLEN:
		return 1;
	}
	return 0;
}

long ports_interface(long fd, unsigned long request, void *ifr)
{
	unsigned char out[LX_SOCKADDR_MAX];
	uint32_t n;
	if (!ifr) return -EFAULT;
	long r = ask(LAMINA_SOCKET_INTERFACE, fd, (long)request, ifr, LX_IFREQ_SIZE, out, &n);
	if (r < 0) return r;
	if (n != LX_IFREQ_SIZE) return -EIO;
	memcpy(ifr, out, LX_IFREQ_SIZE);
	return 0;
}

/* SIOCGIFCONF: the kernel lists the interfaces (struct ifreq each); they
 * go into the caller's buffer as far as it has room, or only its length is
 * told when it has none. */
long ports_ifconf(long fd, void *arg)
{
	struct lx_ifconf *ifc = arg;
	unsigned char none[LX_IFREQ_SIZE] = { 0 };
	unsigned char list[LX_IFCONF_MAX * LX_IFREQ_SIZE];
	uint32_t n;
	if (!ifc) return -EFAULT;
	long r = ask_into(LAMINA_SOCKET_INTERFACE, fd, LX_SIOCGIFCONF, none, sizeof none, list, sizeof list, &n);
	if (r < 0) return r;
	if (!ifc->buf) {
		ifc->len = (int)n;
		return 0;
	}
	uint32_t room = ifc->len < 0 ? 0 : (uint32_t)ifc->len / LX_IFREQ_SIZE * LX_IFREQ_SIZE;
	if (n > room) n = room;
	memcpy(ifc->buf, list, n);
	ifc->len = (int)n;
	return 0;
}

long ports_send(long nr, long fd, const void *addr, long len, const long args[6])
{
	unsigned char to[LX_SOCKADDR_MAX];
	uint32_t n;
	long r = ask(LAMINA_SOCKET_DESTINATION, fd, 0, addr, (uint32_t)len, to, &n);
	if (r < 0) return r;
	const void *dest = n ? to : addr;
	long dest_len = n ? (long)n : len;
	if (nr == __NR_connect) return host_syscall3(nr, fd, dest, dest_len);
	if (nr == __NR_sendto) return host_syscall6(nr, fd, args[1], args[2], args[3], (long)dest, dest_len);
	struct lx_msghdr msg = *(const struct lx_msghdr *)args[1];
	msg.name = (void *)dest;
	msg.namelen = (int)dest_len;
	return host_syscall3(nr, fd, &msg, args[2]);
}
