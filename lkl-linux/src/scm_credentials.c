/* SCM_CREDENTIALS: a process's pid and ids sent with a message on an
 * AF_UNIX socket, and received with one when SO_PASSCRED is set. The host
 * checks and fills in its own (the init host's pid, the host user), which
 * mean nothing in the container: a sender naming its own (GLib's D-Bus
 * credentials, Go's UnixCredentials) got EPERM, and a receiver saw host
 * pids. So a sender's are checked as Linux checks them (its pid; its real
 * or effective ids, any for root, who holds CAP_SETUID and CAP_SETGID in a
 * container) and sent as the host's, and a receiver's are put in the
 * container's terms, as SO_PEERCRED's are (host_pids.c). */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "state.h"
#include "util.h"

/* A control buffer larger than this is sent as it is (the host's own limit, optmem_max, is about 20 KiB). */
#define CONTROL_MAX 4096

struct cmsg_header {
	unsigned long len;
	int level;
	int type;
};
_Static_assert(sizeof(struct cmsg_header) == LX_CMSG_HEADER, "cmsghdr on 64-bit Linux");

static unsigned long cmsg_space(unsigned long len) { return (len + sizeof(long) - 1) & ~(sizeof(long) - 1); }

/* Calls at(offset of the ucred) for each SCM_CREDENTIALS in control[0, len), read through read_at;
 * stops at a malformed header, as the host would refuse or ignore the rest. Returns at's first error. */
static long each_credential(const unsigned char *control, unsigned long len, long (*at)(void *, unsigned long), void *ctx)
{
	unsigned long off = 0;
	while (off + LX_CMSG_HEADER <= len) {
		struct cmsg_header h;
		if (guest_copy(&h, control + off, sizeof h)) return -EFAULT;
		if (h.len < LX_CMSG_HEADER || h.len > len - off) break;
		if (h.level == LX_SOL_SOCKET && h.type == LX_SCM_CREDENTIALS && h.len >= LX_CMSG_HEADER + sizeof(struct lx_ucred)) {
			long e = at(ctx, off + LX_CMSG_HEADER);
			if (e) return e;
		}
		off += cmsg_space(h.len);
	}
	return 0;
}

static long as_host(void *control, unsigned long at)
{
	struct lx_ucred c;
	memcpy(&c, (unsigned char *)control + at, sizeof c);
	int root = identity_get(__NR_geteuid) == 0;
	if (c.pid != process.pid) return -EPERM;
	if (!root && c.uid != (unsigned)identity_get(__NR_getuid) && c.uid != (unsigned)identity_get(__NR_geteuid)) return -EPERM;
	if (!root && c.gid != (unsigned)identity_get(__NR_getgid) && c.gid != (unsigned)identity_get(__NR_getegid)) return -EPERM;
	c.pid = (int)host_syscall0(__NR_getpid);
	c.uid = (unsigned)host_syscall0(__NR_getuid);
	c.gid = (unsigned)host_syscall0(__NR_getgid);
	memcpy((unsigned char *)control + at, &c, sizeof c);
	return 0;
}

static long seen(void *found, unsigned long at)
{
	(void)at;
	*(int *)found = 1;
	return 0;
}

long scm_credentials_send(long fd, const struct lx_msghdr *guest, long flags)
{
	struct lx_msghdr m;
	if (guest_copy(&m, guest, sizeof m)) return -EFAULT;
	if (!m.control || m.controllen < LX_CMSG_HEADER || m.controllen > CONTROL_MAX) return DISPATCH_PASS;
	int found = 0;
	long e = each_credential(m.control, m.controllen, seen, &found);
	if (e || !found) return e ? e : DISPATCH_PASS;
	_Alignas(16) unsigned char control[CONTROL_MAX];
	if (guest_copy(control, m.control, m.controllen)) return -EFAULT;
	/* the local copy, now: its headers read again are the ones sent */
	m.control = control;
	unsigned long off = 0;
	while (off + LX_CMSG_HEADER <= m.controllen) {
		struct cmsg_header h;
		memcpy(&h, control + off, sizeof h);
		if (h.len < LX_CMSG_HEADER || h.len > m.controllen - off) break;
		if (h.level == LX_SOL_SOCKET && h.type == LX_SCM_CREDENTIALS && h.len >= LX_CMSG_HEADER + sizeof(struct lx_ucred) &&
		    (e = as_host(control, off + LX_CMSG_HEADER)))
			return e;
		off += cmsg_space(h.len);
	}
	return host_syscall3(__NR_sendmsg, fd, (long)&m, flags);
}

static long as_guest(void *control, unsigned long at)
{
	unsigned char *where = (unsigned char *)control + at;
	struct lx_ucred c;
	if (guest_copy(&c, where, sizeof c)) return -EFAULT;
	host_pids_credentials(&c);
	return guest_copy(where, &c, sizeof c) ? -EFAULT : 0;
}

long scm_credentials_received(const struct lx_msghdr *guest)
{
	struct lx_msghdr m;
	if (guest_copy(&m, guest, sizeof m)) return -EFAULT;
	if (!m.control || m.controllen < LX_CMSG_HEADER) return 0;
	return each_credential(m.control, m.controllen, as_guest, m.control);
}
