/* AF_UNIX sockets named by a path: the kernel resolves the path inside the
 * container and hands back the directory it lives in; the call is then made
 * on the host through /proc/self/fd/DIR/NAME, which also keeps host paths
 * short enough for sun_path. */
#include <asm/errno.h>
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

/* Asks the kernel for the directory of path; fills *dir and name. */
static long resolve(const char *path, uint32_t len, int create, int *dir, char name[256])
{
	long args[6] = { create, 0, 0, 0, 0, 0 };
	struct call c;
	struct lamina_reply reply;
	struct thread_state *t = route_begin();
	call_begin(&c, t->channel, LAMINA_OP_UNIX_PATH, args, call_item_size(len));
	call_item(&c, path, len);
	long r = call_finish(&c, &reply, dir);
	uint32_t left = r ? 0 : reply.size;
	if (!r && left) {
		long n = reply_item(&c, name, 255, &left);
		if (n < 0) r = n;
		else name[n < 255 ? n : 255] = 0;
	}
	while (!r && left) {
		long n = reply_item(&c, 0, 0, &left);
		if (n < 0) r = n;
	}
	route_end(t);
	if (!r) r = reply.ret;
	if (!r && *dir < 0) r = -EPROTO;
	return r;
}

long unix_path_call(long nr, long fd, const void *addr, long len, const long args[6])
{
	const struct lx_sockaddr_un *a = addr;
	size_t max = (size_t)len - 2 < LX_SUN_PATH_MAX ? (size_t)len - 2 : LX_SUN_PATH_MAX;
	char path[LX_SUN_PATH_MAX + 1];
	size_t n = 0;
	while (n < max && a->path[n]) n++;
	memcpy(path, a->path, n);
	path[n] = 0;
	int dir = -1;
	char name[256];
	long r = resolve(path, (uint32_t)n + 1, nr == __NR_bind, &dir, name);
	if (r < 0) return r;
	struct lx_sockaddr_un host = { LX_AF_UNIX, "/proc/self/fd/" };
	char num[21];
	size_t at = str_len(host.path);
	for (const char *d = dec_format(num, dir); *d; d++) host.path[at++] = *d;
	host.path[at++] = '/';
	if (at + str_len(name) >= LX_SUN_PATH_MAX) {
		host_syscall1(__NR_close, dir);
		return -ENAMETOOLONG;
	}
	for (const char *s = name; *s; s++) host.path[at++] = *s;
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
	host_syscall1(__NR_close, dir);
	return r;
}
