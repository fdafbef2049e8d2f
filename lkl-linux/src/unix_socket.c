/* AF_UNIX sockets named by a path: the kernel resolves the path inside the
 * container. It binds the socket itself (sent along with the request); for
 * connect and send it hands back the socket file as an O_PATH descriptor,
 * which the call then names as /proc/self/fd/N: nothing a guest renames
 * after the kernel's check can redirect it, and host paths stay short enough
 * for sun_path. */
#include <asm/errno.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

int unix_names_path(const void *addr, long len)
{
	const struct lx_sockaddr_un *a = addr;
	return addr && len > 2 && a->family == LX_AF_UNIX && a->path[0] != 0;
}

/* One OP_UNIX_PATH round trip: bind sends `sock` and gets the result; the
 * other calls get the socket file's descriptor in *file. */
static long ask(const char *path, uint32_t len, int bind, int sock, int *file)
{
	long args[6] = { bind ? LAMINA_UNIX_BIND : 0, 0, 0, 0, 0, 0 };
	struct lamina_reply reply;
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	call_begin(c, t->channel, LAMINA_OP_UNIX_PATH, args, call_item_size(len));
	if (bind) call_attach(c, sock);
	call_item(c, path, len);
	long r = call_finish(c, &reply, file);
	uint32_t left = r ? 0 : reply.size;
	while (!r && left) {
		long n = reply_item(c, 0, 0, &left);
		if (n < 0) r = n;
	}
	route_end(t);
	if (!r) r = reply.ret;
	if (!r && file && *file < 0) r = c->fds_refused ? -EMFILE : -EPROTO;
	return r;
}

long unix_path_call(long nr, long fd, const void *addr, long len, const long args[6])
{
	const struct lx_sockaddr_un *a = addr;
	size_t max = (size_t)len - 2 < LX_SUN_PATH_MAX ? (size_t)len - 2 : LX_SUN_PATH_MAX;
	size_t n = 0;
	while (n < max && a->path[n]) n++;
	/* The name goes as the guest wrote it, unterminated: the kernel takes
	 * an item's length as the name's. */
	if (nr == __NR_bind) return ask(a->path, (uint32_t)n, 1, (int)fd, 0);
	int file = -1;
	long r = ask(a->path, (uint32_t)n, 0, -1, &file);
	if (r < 0) return r;
	/* A short address (Linux takes any length up to sockaddr_un's): it
	 * stays on this stack, since a guest handler's own call may come in
	 * before the host call below. */
	struct { unsigned short family; char path[sizeof "/proc/self/fd/" + 10]; } host = { LX_AF_UNIX, "/proc/self/fd/" };
	char num[21];
	size_t at = str_len(host.path);
	for (const char *d = dec_format(num, file); *d; d++) host.path[at++] = *d;
	host.path[at] = 0;
	long hlen = (long)(2 + at + 1);
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
