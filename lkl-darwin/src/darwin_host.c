/* The Darwin host layer's calls: the Linux system calls that the shared
 * init-host code makes, and that the dispatcher runs locally for the guest,
 * done with libSystem and translated with xlat.h. A call not translated
 * yet gets ENOSYS. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <lamina/linux_abi.h>
#include "host_syscall.h"
#include "xlat.h"

_Static_assert(sizeof(struct lx_iovec) == sizeof(struct iovec) &&
               offsetof(struct lx_iovec, len) == offsetof(struct iovec, iov_len), "iovec: one layout");

/* Linux's socket type flags (linux/net.h) */
#define LX_SOCK_NONBLOCK 04000
#define LX_SOCK_TYPE_MASK 0xf
/* Linux's how of sigprocmask */
#define LX_SIG_UNBLOCK 1
#define LX_RLIMIT_NOFILE 7
#define LX_RLIM_INFINITY (~0ull)
/* The most descriptors one message carries here. */
#define FDS_MAX 64

static long result(long r) { return r < 0 ? -(long)xlat_errno_from_darwin(errno) : r; }

static long set_cloexec(int fd, int on)
{
	return result(fcntl(fd, F_SETFD, on ? FD_CLOEXEC : 0));
}

/* Linux's control messages (descriptors only) into Darwin's. */
static long control_to_darwin(const struct lx_msghdr *m, char *out, size_t cap, socklen_t *len)
{
	*len = 0;
	const char *c = m->control;
	for (unsigned long at = 0; c && at + LX_CMSG_HEADER <= m->controllen;) {
		const struct lx_cmsg_fd *h = (const void *)(c + at);
		if (h->len < LX_CMSG_HEADER || h->len > m->controllen - at) return -LINUX_EINVAL;
		if (h->level != LX_SOL_SOCKET || h->type != LX_SCM_RIGHTS) return -LINUX_EINVAL;
		size_t nfds = (h->len - LX_CMSG_HEADER) / sizeof(int);
		if (*len + CMSG_SPACE(nfds * sizeof(int)) > cap) return -LINUX_ENOBUFS;
		struct cmsghdr *d = (struct cmsghdr *)(out + *len);
		d->cmsg_len = (socklen_t)CMSG_LEN(nfds * sizeof(int));
		d->cmsg_level = SOL_SOCKET;
		d->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(d), c + at + LX_CMSG_HEADER, nfds * sizeof(int));
		*len += (socklen_t)CMSG_SPACE(nfds * sizeof(int));
		at += (h->len + sizeof(long) - 1) & ~(sizeof(long) - 1);
	}
	return 0;
}

static long send_message(int fd, const struct lx_msghdr *m, long flags)
{
	uint64_t dflags;
	if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)flags, &dflags) || m->name)
		return -LINUX_EINVAL; /* addresses: not translated yet */
	_Alignas(struct cmsghdr) char control[CMSG_SPACE(FDS_MAX * sizeof(int))];
	struct msghdr d = { .msg_iov = (struct iovec *)m->iov, .msg_iovlen = (int)m->iovlen };
	long r = control_to_darwin(m, control, sizeof control, &d.msg_controllen);
	if (r) return r;
	if (d.msg_controllen) d.msg_control = control;
	return result(sendmsg(fd, &d, (int)dflags));
}

static long receive_message(int fd, struct lx_msghdr *m, long flags)
{
	uint64_t dflags;
	if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)flags & ~(uint64_t)LX_MSG_CMSG_CLOEXEC, &dflags) || m->name)
		return -LINUX_EINVAL;
	_Alignas(struct cmsghdr) char control[CMSG_SPACE(FDS_MAX * sizeof(int))];
	struct msghdr d = { .msg_iov = (struct iovec *)m->iov, .msg_iovlen = (int)m->iovlen,
	                    .msg_control = control, .msg_controllen = sizeof control };
	long r = result(recvmsg(fd, &d, (int)dflags));
	if (r < 0) return r;
	/* Descriptors back into one Linux control message, as many as fit. */
	unsigned long used = 0;
	unsigned truncated = 0;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&d); h; h = CMSG_NXTHDR(&d, h)) {
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) continue;
		size_t nfds = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		const int *fds = (const int *)CMSG_DATA(h);
		size_t fit = m->controllen >= LX_CMSG_HEADER ? (m->controllen - LX_CMSG_HEADER) / sizeof(int) : 0;
		for (size_t i = 0; i < nfds; i++) {
			if (i >= fit) {
				close(fds[i]);
				truncated = LINUX_MSG_CTRUNC;
				continue;
			}
			if (flags & LX_MSG_CMSG_CLOEXEC) set_cloexec(fds[i], 1);
			memcpy((char *)m->control + LX_CMSG_HEADER + i * sizeof(int), &fds[i], sizeof(int));
		}
		size_t kept = nfds < fit ? nfds : fit;
		if (kept) {
			struct lx_cmsg_fd *out = m->control;
			out->len = LX_CMSG_HEADER + kept * sizeof(int);
			out->level = LX_SOL_SOCKET;
			out->type = LX_SCM_RIGHTS;
			used = (out->len + sizeof(long) - 1) & ~(sizeof(long) - 1);
		}
		break;
	}
	m->controllen = used;
	m->flags = (unsigned)xlat_bits_from_darwin(&xlat_msg, (uint64_t)(unsigned)d.msg_flags) | truncated;
	return r;
}

static long make_socketpair(long domain, long type, int sv[2])
{
	if (domain != LX_AF_UNIX) return -LINUX_EAFNOSUPPORT;
	long r = result(socketpair(AF_UNIX, (int)(type & LX_SOCK_TYPE_MASK), 0, sv));
	if (r) return r;
	for (int i = 0; i < 2; i++) {
		if (type & LX_SOCK_CLOEXEC) set_cloexec(sv[i], 1);
		if (type & LX_SOCK_NONBLOCK) fcntl(sv[i], F_SETFL, fcntl(sv[i], F_GETFL) | O_NONBLOCK);
	}
	return 0;
}

static long mask_signals(long how, const uint64_t *set, uint64_t *old, long size)
{
	if (size != 8) return -LINUX_EINVAL;
	int dhow = how == LX_SIG_BLOCK ? SIG_BLOCK : how == LX_SIG_UNBLOCK ? SIG_UNBLOCK
	         : how == LX_SIG_SETMASK ? SIG_SETMASK : -1;
	if (set && dhow < 0) return -LINUX_EINVAL;
	sigset_t in = set ? xlat_sigset_to_darwin(*set) : 0, out;
	int r = pthread_sigmask(dhow < 0 ? SIG_BLOCK : dhow, set ? &in : 0, &out);
	if (r) return -(long)xlat_errno_from_darwin(r);
	if (old) *old = xlat_sigset_from_darwin(out);
	return 0;
}

static uint64_t limit_from_darwin(rlim_t v) { return v == RLIM_INFINITY ? LX_RLIM_INFINITY : v; }
static rlim_t limit_to_darwin(uint64_t v) { return v >= RLIM_INFINITY ? RLIM_INFINITY : (rlim_t)v; }

/* prlimit64 of the calling process's RLIMIT_NOFILE (fd_limit.c). */
static long file_limit(long pid, long resource, const uint64_t *new_limit, uint64_t *old_limit)
{
	if (pid != 0 || resource != LX_RLIMIT_NOFILE) return -LINUX_ENOSYS;
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r)) return result(-1);
	if (old_limit) {
		old_limit[0] = limit_from_darwin(r.rlim_cur);
		old_limit[1] = limit_from_darwin(r.rlim_max);
	}
	if (!new_limit) return 0;
	r.rlim_cur = limit_to_darwin(new_limit[0]);
	r.rlim_max = limit_to_darwin(new_limit[1]);
	return result(setrlimit(RLIMIT_NOFILE, &r));
}

long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	(void)a6;
	switch (n) {
	case __NR_write:
		return result(write((int)a1, (const void *)a2, (size_t)a3));
	case __NR_close:
		return result(close((int)a1));
	case __NR_fcntl:
		if (a2 == F_GETFD) return result(fcntl((int)a1, F_GETFD));
		if (a2 == LX_F_SETFD) return set_cloexec((int)a1, (int)(a3 & FD_CLOEXEC));
		return -LINUX_EINVAL; /* other commands: not translated yet */
	case __NR_sendmsg:
		return send_message((int)a1, (const struct lx_msghdr *)a2, a3);
	case __NR_recvmsg:
		return receive_message((int)a1, (struct lx_msghdr *)a2, a3);
	case __NR_recvfrom: {
		uint64_t dflags;
		if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)a4, &dflags) || a5) return -LINUX_EINVAL;
		return result(recv((int)a1, (void *)a2, (size_t)a3, (int)dflags));
	}
	case __NR_socketpair:
		return make_socketpair(a1, a2, (int *)a4);
	case __NR_rt_sigprocmask:
		return mask_signals(a1, (const uint64_t *)a2, (uint64_t *)a3, a4);
	case __NR_prlimit64:
		return file_limit(a1, a2, (const uint64_t *)a3, (uint64_t *)a4);
	case __NR_getpid:
		return getpid();
	case __NR_exit_group:
		_exit((int)a1);
	}
	(void)a5;
	return -LINUX_ENOSYS;
}
