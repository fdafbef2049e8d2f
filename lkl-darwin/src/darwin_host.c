/* The Darwin host layer's calls: the Linux system calls that the shared
 * init-host code makes, and that the dispatcher runs locally for the
 * guest, done with libSystem and translated with xlat.h. Translated so
 * far: open, openat and openat2's RESOLVE_IN_ROOT (resolve_in_root.h;
 * Linux's pty names as Darwin's), the *at calls (stat, unlink, mkdir,
 * symlink, readlink, link, rename with renameat2's flags, chown, utimens,
 * statx), the extended attribute calls,
 * fchown, fchmod, fchmodat, chmod, ftruncate, read/write and
 * their vector forms, close, dup, dup3, lseek, fcntl (descriptor and
 * status flags, dup, owner), the terminal ioctls (modes, window size, a
 * pty's number and unlocking), pread64, fstat, getdents64, mmap
 * (MAP_FIXED_NOREPLACE as a hint that must be taken; below 4 GiB first on
 * an Intel Mac), munmap, mprotect, clock_gettime, ppoll (without a signal
 * mask), connect, bind, sendto, accept, getsockname, getpeername,
 * sendmsg/recvmsg (addresses, descriptors), recvfrom (no address),
 * socketpair, rt_sigprocmask, wait4 and waitid (of host pids), prlimit64 of the descriptor and stack
 * limits, getpid, sched_yield, getrandom, exit_group, and futex (futex.c).
 * Any other call gets ENOSYS. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <lamina/linux_abi.h>
#include "darwin_calls.h"
#include "darwin_xattr.h"
#include "host_syscall.h"
#include "resolve_in_root.h"
#include "signal_queue.h"
#include "xlat.h"

_Static_assert(sizeof(struct lx_iovec) == sizeof(struct iovec) &&
               offsetof(struct lx_iovec, len) == offsetof(struct iovec, iov_len), "iovec: one layout");

/* Linux's socket type flags (linux/net.h) */
#define LX_SOCK_NONBLOCK 04000
#define LX_SOCK_TYPE_MASK 0xf
#define LX_RLIM_INFINITY (~0ull)
/* The most descriptors one message carries here. */
#define FDS_MAX 64
/* The longest socket address either side has (sockaddr_storage). */
#define ADDR_MAX 128

/* Libsystem's, undeclared in its headers: the directory reader under readdir. */
ssize_t __getdirentries64(int fd, void *buf, size_t len, off_t *base);

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
	if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)flags, &dflags)) return -LINUX_EINVAL;
	_Alignas(struct cmsghdr) char control[CMSG_SPACE(FDS_MAX * sizeof(int))];
	char name[ADDR_MAX];
	struct msghdr d = { .msg_iov = (struct iovec *)m->iov, .msg_iovlen = (int)m->iovlen };
	if (m->name) {
		long len = xlat_sockaddr_to_darwin(m->name, (size_t)m->namelen, name, sizeof name);
		if (len < 0) return len;
		d.msg_name = name;
		d.msg_namelen = (socklen_t)len;
	}
	long r = control_to_darwin(m, control, sizeof control, &d.msg_controllen);
	if (r) return r;
	if (d.msg_controllen) d.msg_control = control;
	return result(sendmsg(fd, &d, (int)dflags));
}

static long receive_message(int fd, struct lx_msghdr *m, long flags)
{
	uint64_t dflags;
	if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)flags & ~(uint64_t)LX_MSG_CMSG_CLOEXEC, &dflags))
		return -LINUX_EINVAL;
	_Alignas(struct cmsghdr) char control[CMSG_SPACE(FDS_MAX * sizeof(int))];
	char name[ADDR_MAX];
	struct msghdr d = { .msg_iov = (struct iovec *)m->iov, .msg_iovlen = (int)m->iovlen,
	                    .msg_name = m->name ? name : 0, .msg_namelen = m->name ? sizeof name : 0,
	                    .msg_control = control, .msg_controllen = sizeof control };
	long r = result(recvmsg(fd, &d, (int)dflags));
	if (r < 0) return r;
	if (m->name) {
		char l[ADDR_MAX];
		long len = d.msg_namelen ? xlat_sockaddr_from_darwin(name, d.msg_namelen, l, sizeof l) : 0;
		if (len < 0) len = 0; /* an address Linux cannot show: none */
		memcpy(m->name, l, (size_t)(len < m->namelen ? len : m->namelen));
		m->namelen = (int)len;
	}
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

/* The guest's SIGSEGV and SIGBUS bits of its mask are kept here, never
 * in Darwin's: XNU does not force a fault's signal through a mask, as
 * Linux does, so a blocked one would leave the faulting instruction to
 * fault again for ever, and the host's own fault-safe copies and W^X
 * flips must always be able to run. */
/* So are the bits of the signals Darwin lacks, which the host keeps
 * pending itself (signal_queue.h). */
#define FAULT_SIGNALS ((1ull << (LINUX_SIGSEGV - 1)) | (1ull << (LINUX_SIGBUS - 1)))
#define KEPT_SIGNALS (FAULT_SIGNALS | SIGNAL_QUEUE_EMULATED)
static _Thread_local uint64_t kept_blocked;

void (*darwin_mask_hook)(uint64_t mask);

sigset_t darwin_mask_to_host(uint64_t mask)
{
	kept_blocked = mask & KEPT_SIGNALS;
	return xlat_sigset_to_darwin(mask & ~KEPT_SIGNALS);
}

uint64_t darwin_mask_from_host(sigset_t set)
{
	return (xlat_sigset_from_darwin(set) & ~KEPT_SIGNALS) | kept_blocked;
}

sigset_t darwin_mask_for_wait(uint64_t mask) { return xlat_sigset_to_darwin(mask & ~KEPT_SIGNALS); }

int darwin_fault_blocked(int sig) { return (kept_blocked >> (sig - 1) & 1) != 0; }

static long mask_signals(long how, const uint64_t *set, uint64_t *old, long size)
{
	if (size != 8 || (set && how != LINUX_SIG_BLOCK && how != LINUX_SIG_UNBLOCK && how != LINUX_SIG_SETMASK))
		return -LINUX_EINVAL;
	sigset_t now;
	pthread_sigmask(SIG_BLOCK, 0, &now);
	uint64_t before = darwin_mask_from_host(now);
	if (set) {
		uint64_t after = how == LINUX_SIG_BLOCK ? before | *set : how == LINUX_SIG_UNBLOCK ? before & ~*set : *set;
		sigset_t d = darwin_mask_to_host(after);
		int r = pthread_sigmask(SIG_SETMASK, &d, 0);
		if (r) return -(long)xlat_errno_from_darwin(r);
		if (darwin_mask_hook) darwin_mask_hook(after);
	}
	if (old) *old = before;
	return 0;
}

static uint64_t limit_from_darwin(rlim_t v) { return v == RLIM_INFINITY ? LX_RLIM_INFINITY : v; }
static rlim_t limit_to_darwin(uint64_t v) { return v >= RLIM_INFINITY ? RLIM_INFINITY : (rlim_t)v; }

/* wait4 and waitid on host pids (the caller translates the guest's): the
 * options, status, siginfo and resource use in Linux's terms. Linux's
 * wait4 takes WUNTRACED, its WSTOPPED bit; waitid asks for at least one
 * kind of event and gives no resource use here (Darwin's has none). */
#define WAIT4_OPTIONS (LINUX_WNOHANG | LINUX_WSTOPPED | LINUX_WCONTINUED | LINUX___WNOTHREAD | LINUX___WALL | LINUX___WCLONE)
static long wait_child(long pid, int *status, long options, struct lx_rusage *usage)
{
	uint64_t d;
	if ((options & ~WAIT4_OPTIONS) || xlat_bits_to_darwin(&xlat_wait, (uint64_t)options & ~LINUX_WSTOPPED, &d))
		return -LINUX_EINVAL;
	if (options & LINUX_WSTOPPED) d |= WUNTRACED;
	int st;
	struct rusage ru;
	memset(&ru, 0, sizeof ru); /* filled for an ended child only */
	pid_t r = wait4((pid_t)pid, &st, (int)d, usage ? &ru : 0);
	if (r <= 0) return r ? result(-1) : 0;
	if (status) *status = xlat_wait_status_from_darwin(st);
	if (usage) xlat_rusage_from_darwin((const struct xd_rusage *)&ru, usage);
	return r;
}

#define WAITID_OPTIONS (WAIT4_OPTIONS | LINUX_WEXITED | LINUX_WNOWAIT)
static long wait_id(long idtype, long id, struct lx_siginfo *info, long options, struct lx_rusage *usage)
{
	uint64_t d;
	if ((options & ~WAITID_OPTIONS) || !(options & (LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WCONTINUED)) ||
	    xlat_bits_to_darwin(&xlat_wait, (uint64_t)options, &d))
		return -LINUX_EINVAL;
	/* P_ALL, P_PID and P_PGID are 0, 1 and 2 on both; Linux's P_PIDFD has no Darwin match */
	if (idtype < P_ALL || idtype > P_PGID) return -LINUX_EINVAL;
	siginfo_t si;
	memset(&si, 0, sizeof si);
	if (waitid((idtype_t)idtype, (id_t)id, &si, (int)d)) return result(-1);
	if (info) {
		/* WNOHANG with nothing to report: Linux's is all zeros */
		if (si.si_pid) xlat_siginfo_from_darwin((const struct xd_siginfo *)&si, info);
		else memset(info, 0, sizeof *info);
		/* XNU names a continued child by who sent the SIGCONT, with its
		 * last stop signal: Linux names the child, and SIGCONT */
		if (si.si_pid && si.si_code == CLD_CONTINUED) {
			info->from.status = LINUX_SIGCONT;
			if (idtype == P_PID) info->from.pid = (int32_t)id;
		}
	}
	if (usage) memset(usage, 0, sizeof *usage);
	return 0;
}

/* prlimit64 of the calling process's RLIMIT_NOFILE (fd_limit.c) or
 * RLIMIT_STACK (the guest's stack is made as large). */
static long own_limit(long pid, long resource, const uint64_t *new_limit, uint64_t *old_limit)
{
	int d = resource == LINUX_RLIMIT_NOFILE ? RLIMIT_NOFILE : resource == LINUX_RLIMIT_STACK ? RLIMIT_STACK : -1;
	if (pid != 0 || d < 0) return -LINUX_ENOSYS;
	struct rlimit r;
	if (getrlimit(d, &r)) return result(-1);
	if (old_limit) {
		old_limit[0] = limit_from_darwin(r.rlim_cur);
		old_limit[1] = limit_from_darwin(r.rlim_max);
	}
	if (!new_limit) return 0;
	r.rlim_cur = limit_to_darwin(new_limit[0]);
	r.rlim_max = limit_to_darwin(new_limit[1]);
	return result(setrlimit(d, &r));
}

static long fcntl_call(int fd, long cmd, long arg)
{
	int dcmd = xlat_fcntl_cmd_to_darwin((int)cmd);
	uint64_t flags;
	switch (cmd) {
	case LINUX_F_SETFD:
		return set_cloexec(fd, (int)(arg & FD_CLOEXEC));
	case LINUX_F_GETFL: {
		long r = result(fcntl(fd, F_GETFL));
		return r < 0 ? r : (long)xlat_open_flags_from_darwin((uint64_t)r);
	}
	case LINUX_F_SETFL: /* only these change a description's flags */
		if (xlat_open_flags_to_darwin((uint64_t)arg, &flags)) return -LINUX_EINVAL;
		return result(fcntl(fd, F_SETFL, (int)(flags & (O_APPEND | O_NONBLOCK | O_ASYNC))));
	case LINUX_F_DUPFD: case LINUX_F_GETFD: case LINUX_F_DUPFD_CLOEXEC: case LINUX_F_SETOWN: case LINUX_F_GETOWN:
		return result(fcntl(fd, dcmd, (int)arg));
	}
	return -LINUX_EINVAL; /* record locks and Linux's own: not translated yet */
}

/* Linux's MAP_32BIT (x86-64's alone) */
#if XLAT_LINUX_AARCH64
#define LINUX_MAP_32BIT_IF_ANY 0
#else
#define LINUX_MAP_32BIT_IF_ANY LINUX_MAP_32BIT
#endif

/* Darwin has no MAP_FIXED_NOREPLACE: the address goes as a hint, and a
 * mapping placed elsewhere (the range is taken) is given back: EEXIST.
 * Linux's MAP_32BIT asks for the first 2 GiB, Darwin's gives the first 4:
 * a mapping above 2 GiB is given back, ENOMEM. */
static long map_memory(long addr, long len, long prot, long flags, long fd, long off)
{
	uint64_t dprot, dflags;
	int noreplace = (flags & LINUX_MAP_FIXED_NOREPLACE) && !(flags & LINUX_MAP_FIXED);
	if (noreplace) flags &= ~(long)LINUX_MAP_FIXED_NOREPLACE;
	if (flags & LINUX_MAP_FIXED) flags &= ~(long)LINUX_MAP_32BIT_IF_ANY; /* Linux ignores it then */
	if (xlat_bits_to_darwin(&xlat_prot, (uint64_t)prot, &dprot) || xlat_mmap_flags_to_darwin((uint64_t)flags, &dflags))
		return -LINUX_EINVAL;
	void *p = MAP_FAILED;
#if defined(__x86_64__) && !defined(XLAT_CHANNEL_ABI)
	/* An Intel Mac's guest thread pointer lies below 4 GiB (an LDT
	 * descriptor's base: x86_64/thread_pointer.c), and a thread block is
	 * memory like any other: what the host places goes there first. */
	if (!addr && !(flags & LINUX_MAP_FIXED))
		p = mmap(0, (size_t)len, (int)dprot, (int)(dflags | MAP_32BIT), (int)fd, (off_t)off);
#endif
	if (p == MAP_FAILED) p = mmap((void *)addr, (size_t)len, (int)dprot, (int)dflags, (int)fd, (off_t)off);
	if (p == MAP_FAILED) return result(-1);
	if (noreplace && (long)p != addr) {
		munmap(p, (size_t)len);
		return -LINUX_EEXIST;
	}
	if ((flags & LINUX_MAP_32BIT_IF_ANY) && (uint64_t)p + (uint64_t)len > 1ull << 31) {
		munmap(p, (size_t)len);
		return -LINUX_ENOMEM;
	}
	return (long)p;
}

/* getrandom: getentropy, 256 bytes at a time (its most); never blocks
 * once the system has booted, so the flags change nothing. */
static long random_bytes(char *buf, size_t len)
{
	for (size_t done = 0; done < len; done += 256)
		if (getentropy(buf + done, len - done < 256 ? len - done : 256)) return result(-1);
	return (long)len;
}

static long protect_memory(long addr, long len, long prot)
{
	uint64_t dprot;
	if (xlat_bits_to_darwin(&xlat_prot, (uint64_t)prot, &dprot)) return -LINUX_EINVAL;
	return result(mprotect((void *)addr, (size_t)len, (int)dprot));
}

static long read_clock(long clock, struct timespec *ts)
{
	int d = xlat_clock_to_darwin((int)clock);
	if (d < 0) return -LINUX_EINVAL;
	return result(clock_gettime((clockid_t)d, ts));
}

/* ppoll: Darwin has poll, with milliseconds. The descriptors' events are
 * translated in place and put back. */
static long poll_fds(struct pollfd *fds, long n, const struct timespec *timeout, const void *mask)
{
	if (mask || n < 0 || n > 4096) return -LINUX_EINVAL; /* a ppoll signal mask: not yet */
	uint16_t asked[4096];
	for (long i = 0; i < n; i++) {
		uint16_t d;
		asked[i] = (uint16_t)fds[i].events;
		if (xlat_poll_to_darwin(asked[i], &d)) return -LINUX_EINVAL;
		fds[i].events = (short)d;
	}
	int ms = !timeout ? -1 : (int)(timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000);
	long r = result(poll(fds, (nfds_t)n, ms));
	for (long i = 0; i < n; i++) {
		fds[i].events = (short)asked[i];
		fds[i].revents = r < 0 ? 0 : (short)xlat_poll_from_darwin((uint16_t)fds[i].revents, asked[i]);
	}
	return r;
}

static long stat_out(int failed, const struct stat *st, struct lx_stat *out)
{
	if (failed) return result(-1);
	struct xd_stat d;
	memcpy(&d, st, sizeof d);
	xlat_stat_from_darwin(&d, out);
	return 0;
}

static long stat_fd(int fd, struct lx_stat *out)
{
	struct stat st;
	return stat_out(fstat(fd, &st), &st, out);
}

/* The *at calls: Linux's AT_FDCWD and flags as Darwin's. AT_EMPTY_PATH,
 * which Darwin lacks, where a call takes it (empty), is the call on the
 * descriptor itself. */
static int at_dir(long dirfd) { return dirfd == LINUX_AT_FDCWD ? AT_FDCWD : (int)dirfd; }

#define STATX_SYNC_FLAGS (LINUX_AT_STATX_FORCE_SYNC | LINUX_AT_STATX_DONT_SYNC)

static int at_flags(long flags, int empty_taken, int *out)
{
	uint64_t d;
	if (flags & STATX_SYNC_FLAGS) return -1; /* statx's alone */
	if (empty_taken) flags &= ~(long)LINUX_AT_EMPTY_PATH;
	if (xlat_bits_to_darwin(&xlat_at, (uint64_t)flags, &d)) return -1;
	*out = (int)d;
	return 0;
}

static int empty(const char *name, long flags) { return (flags & LINUX_AT_EMPTY_PATH) && name && !*name; }

static long stat_at(long dirfd, const char *name, struct lx_stat *out, long flags)
{
	int d, fd;
	const char *rest;
	if (at_flags(flags, 1, &d)) return -LINUX_EINVAL;
	if (empty(name, flags)) return dirfd == LINUX_AT_FDCWD ? stat_at(dirfd, ".", out, 0) : stat_fd((int)dirfd, out);
	struct stat st;
	/* the kernel's magic links: the file it holds, or a name in a directory it holds */
	if (xlat_fd_path(name, &fd, &rest)) return *rest ? stat_out(fstatat(fd, rest, &st, d), &st, out) : stat_fd(fd, out);
	return stat_out(fstatat(at_dir(dirfd), name, &st, d), &st, out);
}

/* statx: Darwin's stat, whose birth time it has too; the sync flags
 * change nothing on a local file system, and the mask asked is a hint. */
static long statx_at(long dirfd, const char *name, long flags, struct lx_statx *out)
{
	int d;
	if (at_flags(flags & ~(long)STATX_SYNC_FLAGS, 1, &d)) return -LINUX_EINVAL;
	struct stat st;
	if (empty(name, flags) && dirfd == LINUX_AT_FDCWD) name = ".";
	if (empty(name, flags) ? fstat((int)dirfd, &st) : fstatat(at_dir(dirfd), name, &st, d)) return result(-1);
	struct xd_stat x;
	memcpy(&x, &st, sizeof x);
	xlat_statx_from_darwin(&x, out);
	return 0;
}

/* Extended attributes: the names as they are (Lamina's own are user.*,
 * which Darwin keeps as it is given), Darwin's ENOATTR as Linux's ENODATA
 * (the errno table), XATTR_NOFOLLOW for the l- forms; a size of 0 asks for
 * the size, as Linux's does. path 0: the descriptor's file; a path
 * through the kernel's magic links: the file it names. */
static int xattr_options(int nofollow) { return nofollow ? XATTR_NOFOLLOW : 0; }

/* A path the kernel names through its magic links (xlat_fd_path) as a
 * descriptor for the f- calls: its own, or the name opened in it (to be
 * closed: *opened). -1 with *path left when it is no such path; -errno
 * when the name cannot be opened. */
static int xattr_fd(const char **path, int nofollow, int *opened)
{
	int fd;
	const char *rest;
	*opened = 0;
	if (!*path || !xlat_fd_path(*path, &fd, &rest)) return -1;
	*path = 0;
	if (!*rest) return fd;
	int named = openat(fd, rest, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_SYMLINK : 0));
	if (named < 0) return (int)result(-1);
	*opened = 1;
	return named;
}

enum xattr_op { XATTR_GET, XATTR_SET, XATTR_LIST, XATTR_REMOVE };

/* One extended attribute call: its target resolved once (xattr_fd), then
 * the path or f- form of op. value and size are the attribute's (set),
 * the buffer's (get) or the name list's (list). */
static long xattr_call(enum xattr_op op, int fd, const char *path, int nofollow, const char *name, void *value,
                       size_t size, long flags)
{
	uint64_t d = 0;
	if (op == XATTR_SET && xlat_bits_to_darwin(&xlat_xattr, (uint64_t)flags, &d)) return -LINUX_EINVAL;
	int options = (int)d | xattr_options(nofollow);
	int opened, held = xattr_fd(&path, nofollow, &opened);
	if (held < -1) return held;
	if (!path) fd = held;
	if (!size && op != XATTR_SET) value = 0;
	long r = -1;
	switch (op) {
	case XATTR_GET:
		r = path ? getxattr(path, name, value, size, 0, options) : fgetxattr(fd, name, value, size, 0, options);
		break;
	case XATTR_SET:
		r = path ? setxattr(path, name, value, size, 0, options) : fsetxattr(fd, name, value, size, 0, options);
		break;
	case XATTR_LIST:
		r = path ? listxattr(path, value, size, options) : flistxattr(fd, value, size, options);
		break;
	case XATTR_REMOVE:
		r = path ? removexattr(path, name, options) : fremovexattr(fd, name, options);
		break;
	}
	r = result(r);
	if (opened) close(held);
	return r;
}

static long chown_at(long dirfd, const char *name, long uid, long gid, long flags)
{
	int d;
	if (at_flags(flags, 1, &d)) return -LINUX_EINVAL;
	if (empty(name, flags)) return result(fchown((int)dirfd, (uid_t)uid, (gid_t)gid));
	return result(fchownat(at_dir(dirfd), name, (uid_t)uid, (gid_t)gid, d));
}

/* renameat2: RENAME_NOREPLACE and RENAME_EXCHANGE as renameatx_np's
 * RENAME_EXCL and RENAME_SWAP. */
static long rename_at(long olddir, const char *old, long newdir, const char *new, long flags)
{
	uint64_t d;
	if (xlat_bits_to_darwin(&xlat_rename, (uint64_t)flags, &d)) return -LINUX_EINVAL;
	if (!d) return result(renameat(at_dir(olddir), old, at_dir(newdir), new));
	return result(renameatx_np(at_dir(olddir), old, at_dir(newdir), new, (unsigned)d));
}

/* utimensat: the special nanoseconds as Darwin's; no name, the
 * descriptor's file (futimens), as Linux's system call takes it. */
static long times_at(long dirfd, const char *name, const struct lx_timespec64 *times, long flags)
{
	int d;
	if (at_flags(flags, 0, &d)) return -LINUX_EINVAL;
	struct timespec t[2], *tp = 0;
	if (times) {
		for (int i = 0; i < 2; i++) {
			int64_t ns = times[i].nsec;
			if ((ns < 0 || ns > 999999999) && ns != LINUX_UTIME_NOW && ns != LINUX_UTIME_OMIT) return -LINUX_EINVAL;
			t[i].tv_sec = (time_t)times[i].sec;
			t[i].tv_nsec = times[i].nsec == LINUX_UTIME_NOW ? UTIME_NOW
			             : times[i].nsec == LINUX_UTIME_OMIT ? UTIME_OMIT : (long)times[i].nsec;
		}
		tp = t;
	}
	if (!name) return result(futimens((int)dirfd, tp));
	return result(utimensat(at_dir(dirfd), name, tp, d));
}

/* getdents64 over Darwin's getdirentries64. A Linux record is at most 7/6
 * of the Darwin one for the same name (24 bytes at least, 4 more at most),
 * so reading 6/7 of the guest's buffer always fits; Darwin wants room for
 * its longest record (about 1 KiB), which musl's 2 KiB readdir buffer has. */
static long read_directory(int fd, void *buf, size_t len)
{
	static _Thread_local char in[8192];
	size_t want = len / 7 * 6;
	if (want > sizeof in) want = sizeof in;
	off_t base;
	ssize_t n = __getdirentries64(fd, in, want, &base);
	if (n < 0) return result(-1);
	size_t used;
	return xlat_dirents_from_darwin(in, (size_t)n, buf, len, &used);
}

/* connect, bind and sendto: the address goes over as Darwin's. */
static long address_in(long n, int fd, const void *addr, long alen, const void *buf, size_t len, long flags)
{
	char d[ADDR_MAX];
	long dlen = addr ? xlat_sockaddr_to_darwin(addr, (size_t)alen, d, sizeof d) : 0;
	if (dlen < 0) return dlen;
	const struct sockaddr *to = addr ? (const struct sockaddr *)d : 0;
	if (n == __NR_connect) return result(connect(fd, to, (socklen_t)dlen));
	if (n == __NR_bind) return result(bind(fd, to, (socklen_t)dlen));
	uint64_t dflags;
	if (xlat_bits_to_darwin(&xlat_msg, (uint64_t)flags, &dflags)) return -LINUX_EINVAL;
	return result(sendto(fd, buf, len, (int)dflags, to, (socklen_t)dlen));
}

/* getsockname, getpeername, accept: an address out, as Linux's. */
static long address_out(long n, int fd, void *addr, int *len)
{
	char d[ADDR_MAX];
	socklen_t dlen = sizeof d;
	long r = n == __NR_getsockname ? result(getsockname(fd, (struct sockaddr *)d, &dlen))
	       : n == __NR_getpeername ? result(getpeername(fd, (struct sockaddr *)d, &dlen))
	       : result(accept(fd, addr ? (struct sockaddr *)d : 0, addr ? &dlen : 0));
	if (r < 0 || !addr) return r;
	char l[ADDR_MAX];
	long llen = xlat_sockaddr_from_darwin(d, dlen, l, sizeof l);
	if (llen < 0) return llen;
	memcpy(addr, l, (size_t)(llen < *len ? llen : *len));
	*len = (int)llen;
	return r;
}

static long terminal_ioctl(int fd, unsigned long request, void *arg)
{
	struct termios t;
	struct xd_termios d;
	struct lx_termios l;
	switch ((uint32_t)request) { /* Linux's cmd is an unsigned int; musl's sign-extends it */
	case LINUX_TCGETS:
		if (tcgetattr(fd, &t)) return result(-1);
		memcpy(&d, &t, sizeof d);
		xlat_termios_from_darwin(&d, &l);
		memcpy(arg, &l, sizeof l);
		return 0;
	case LINUX_TCSETS: case LINUX_TCSETSW: case LINUX_TCSETSF:
		memcpy(&l, arg, sizeof l);
		if (xlat_termios_to_darwin(&l, &d)) return -LINUX_EINVAL;
		memcpy(&t, &d, sizeof t);
		return result(tcsetattr(fd, request == LINUX_TCSETS ? TCSANOW : request == LINUX_TCSETSW ? TCSADRAIN : TCSAFLUSH, &t));
	case LINUX_TIOCGWINSZ: /* struct winsize: the same on both */
		return result(ioctl(fd, TIOCGWINSZ, arg));
	case LINUX_TIOCSWINSZ:
		return result(ioctl(fd, TIOCSWINSZ, arg));
	case LINUX_TIOCSPTLCK: { /* Darwin's follower, once unlocked, stays so */
		int lock;
		memcpy(&lock, arg, sizeof lock);
		return lock ? -LINUX_EINVAL : result(unlockpt(fd));
	}
	case LINUX_TIOCGPTN: {
		char name[128];
		if (ioctl(fd, TIOCPTYGNAME, name)) return result(-1);
		long n = xlat_pts_number_from_darwin(name);
		if (n < 0) return -LINUX_ENOTTY;
		unsigned number = (unsigned)n;
		memcpy(arg, &number, sizeof number);
		return 0;
	}
	}
	return -LINUX_ENOTTY; /* other ioctls: not translated yet */
}

/* open and openat, flags translated. Linux's /dev/ptmx is posix_openpt's
 * leader, granted (Darwin asks that before unlockpt, which TIOCSPTLCK
 * does), and /dev/pts/N Darwin's /dev/ttysNNN, the name TIOCGPTN's number
 * stands for. */
static long open_file(long dirfd, const char *path, long flags, long mode)
{
	uint64_t dflags;
	if (xlat_open_flags_to_darwin((uint64_t)flags, &dflags)) return -LINUX_EINVAL;
	if (!strcmp(path, "/dev/ptmx")) {
		int fd = posix_openpt((int)(dflags & (O_ACCMODE | O_NOCTTY)));
		if (fd < 0) return result(-1);
		if (grantpt(fd) || ((dflags & O_CLOEXEC) && fcntl(fd, F_SETFD, FD_CLOEXEC)) ||
		    ((dflags & O_NONBLOCK) && fcntl(fd, F_SETFL, O_NONBLOCK))) {
			int e = errno;
			close(fd);
			return -(long)xlat_errno_from_darwin(e);
		}
		return fd;
	}
	char pts[32];
	if (xlat_pts_path_to_darwin(path, pts, sizeof pts)) path = pts;
	return result(openat(dirfd == LINUX_AT_FDCWD ? AT_FDCWD : (int)dirfd, path, (int)dflags, (int)mode));
}

/* openat2 as the kernel asks it (HostTree): RESOLVE_IN_ROOT, walked a
 * name at a time (resolve_in_root.h); RESOLVE_NO_MAGICLINKS holds by
 * itself (Darwin has no magic links); no other resolve flag is
 * translated. */
static long open_resolved(long dirfd, const char *path, const struct lx_open_how *how, size_t size)
{
	if (size != sizeof *how) return -LINUX_EINVAL;
	if (how->resolve & ~(uint64_t)(LINUX_RESOLVE_IN_ROOT | LINUX_RESOLVE_NO_MAGICLINKS)) return -LINUX_ENOSYS;
	if (!(how->resolve & LINUX_RESOLVE_IN_ROOT)) return open_file(dirfd, path, (long)how->flags, (long)how->mode);
	uint64_t dflags;
	if (xlat_open_flags_to_darwin(how->flags, &dflags)) return -LINUX_EINVAL;
	int r = resolve_in_root(dirfd == LINUX_AT_FDCWD ? AT_FDCWD : (int)dirfd, path, (int)dflags, (int)how->mode,
	                        !(how->flags & LINUX_O_NOFOLLOW));
	return r < 0 ? -(long)xlat_errno_from_darwin(-r) : r;
}

long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	switch (n) {
	case __NR_read:
		return result(read((int)a1, (void *)a2, (size_t)a3));
	case __NR_write:
		return result(write((int)a1, (const void *)a2, (size_t)a3));
	case __NR_readv:
		return result(readv((int)a1, (const struct iovec *)a2, (int)a3));
	case __NR_writev:
		return result(writev((int)a1, (const struct iovec *)a2, (int)a3));
	case __NR_close:
		return result(close((int)a1));
	case __NR_dup:
		return result(dup((int)a1));
	case __NR_dup3: {
		if ((int)a1 == (int)a2 || (a3 & ~(long)LX_SOCK_CLOEXEC)) return -LINUX_EINVAL; /* O_CLOEXEC's bit */
		long r = result(dup2((int)a1, (int)a2));
		if (r >= 0 && a3) set_cloexec((int)r, 1);
		return r;
	}
#ifdef __NR_open
	case __NR_open:
		return open_file(LINUX_AT_FDCWD, (const char *)a1, a2, a3);
#endif
	case __NR_openat:
		return open_file(a1, (const char *)a2, a3, a4);
#ifdef __NR_stat
	case __NR_stat:
		return stat_at(LINUX_AT_FDCWD, (const char *)a1, (struct lx_stat *)a2, 0);
#endif
	case __NR_newfstatat:
		return stat_at(a1, (const char *)a2, (struct lx_stat *)a3, a4);
	case __NR_statx:
		return statx_at(a1, (const char *)a2, a3, (struct lx_statx *)a5);
	case __NR_getxattr: case __NR_lgetxattr:
		return xattr_call(XATTR_GET, -1, (const char *)a1, n == __NR_lgetxattr, (const char *)a2, (void *)a3, (size_t)a4, 0);
	case __NR_fgetxattr:
		return xattr_call(XATTR_GET, (int)a1, 0, 0, (const char *)a2, (void *)a3, (size_t)a4, 0);
	case __NR_setxattr: case __NR_lsetxattr:
		return xattr_call(XATTR_SET, -1, (const char *)a1, n == __NR_lsetxattr, (const char *)a2, (void *)a3, (size_t)a4, a5);
	case __NR_fsetxattr:
		return xattr_call(XATTR_SET, (int)a1, 0, 0, (const char *)a2, (void *)a3, (size_t)a4, a5);
	case __NR_listxattr: case __NR_llistxattr:
		return xattr_call(XATTR_LIST, -1, (const char *)a1, n == __NR_llistxattr, 0, (void *)a2, (size_t)a3, 0);
	case __NR_flistxattr:
		return xattr_call(XATTR_LIST, (int)a1, 0, 0, 0, (void *)a2, (size_t)a3, 0);
	case __NR_removexattr: case __NR_lremovexattr:
		return xattr_call(XATTR_REMOVE, -1, (const char *)a1, n == __NR_lremovexattr, (const char *)a2, 0, 0, 0);
	case __NR_fremovexattr:
		return xattr_call(XATTR_REMOVE, (int)a1, 0, 0, (const char *)a2, 0, 0, 0);
	case __NR_unlinkat: {
		int d;
		return at_flags(a3, 0, &d) ? -LINUX_EINVAL : result(unlinkat(at_dir(a1), (const char *)a2, d));
	}
	case __NR_mkdirat:
		return result(mkdirat(at_dir(a1), (const char *)a2, (mode_t)a3));
	case __NR_symlinkat:
		return result(symlinkat((const char *)a1, at_dir(a2), (const char *)a3));
	case __NR_readlinkat:
		return result(readlinkat(at_dir(a1), (const char *)a2, (char *)a3, (size_t)a4));
	case __NR_linkat: {
		int d;
		if (at_flags(a5, 0, &d)) return -LINUX_EINVAL;
		return result(linkat(at_dir(a1), (const char *)a2, at_dir(a3), (const char *)a4, d));
	}
	case __NR_renameat2:
		return rename_at(a1, (const char *)a2, a3, (const char *)a4, a5);
	case __NR_fchownat:
		return chown_at(a1, (const char *)a2, a3, a4, a5);
	case __NR_fchown:
		return result(fchown((int)a1, (uid_t)a2, (gid_t)a3));
	case __NR_utimensat:
		return times_at(a1, (const char *)a2, (const struct lx_timespec64 *)a3, a4);
	case __NR_fchmod:
		return result(fchmod((int)a1, (mode_t)a2));
	case __NR_fchmodat:
		return result(fchmodat(at_dir(a1), (const char *)a2, (mode_t)a3, 0));
#ifdef __NR_chmod
	case __NR_chmod:
		return result(chmod((const char *)a1, (mode_t)a2));
#endif
	case __NR_ftruncate:
		return result(ftruncate((int)a1, (off_t)a2));
	case __NR_openat2:
		return open_resolved(a1, (const char *)a2, (const struct lx_open_how *)a3, (size_t)a4);
	case __NR_pread64:
		return result(pread((int)a1, (void *)a2, (size_t)a3, (off_t)a4));
	case __NR_lseek:
		/* SEEK_SET, SEEK_CUR and SEEK_END are the same; Darwin's DATA and HOLE are not */
		if (a3 < 0 || a3 > 2) return -LINUX_EINVAL;
		return result(lseek((int)a1, (off_t)a2, (int)a3));
	case __NR_fcntl:
		return fcntl_call((int)a1, a2, a3);
	case __NR_ioctl:
		return terminal_ioctl((int)a1, (unsigned long)a2, (void *)a3);
	case __NR_fstat:
		return stat_fd((int)a1, (struct lx_stat *)a2);
	case __NR_getdents64:
		return read_directory((int)a1, (void *)a2, (size_t)a3);
	case __NR_mmap:
		return map_memory(a1, a2, a3, a4, a5, a6);
	case __NR_munmap:
		return result(munmap((void *)a1, (size_t)a2));
	case __NR_mprotect:
		return protect_memory(a1, a2, a3);
	case __NR_clock_gettime:
		return read_clock(a1, (struct timespec *)a2);
	case __NR_ppoll:
		return poll_fds((struct pollfd *)a1, a2, (const struct timespec *)a3, (const void *)a4);
	case __NR_connect: case __NR_bind:
		return address_in(n, (int)a1, (const void *)a2, a3, 0, 0, 0);
	case __NR_sendto:
		return address_in(n, (int)a1, (const void *)a5, a6, (const void *)a2, (size_t)a3, a4);
	case __NR_getsockname: case __NR_getpeername: case __NR_accept:
		return address_out(n, (int)a1, (void *)a2, (int *)a3);
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
	case __NR_wait4:
		return wait_child(a1, (int *)a2, a3, (struct lx_rusage *)a4);
	case __NR_waitid:
		return wait_id(a1, a2, (struct lx_siginfo *)a3, a4, (struct lx_rusage *)a5);
	case __NR_prlimit64:
		return own_limit(a1, a2, (const uint64_t *)a3, (uint64_t *)a4);
	case __NR_getpid:
		return getpid();
	case __NR_sched_yield:
		return result(sched_yield());
	case __NR_getrandom:
		return random_bytes((char *)a1, (size_t)a2);
	case __NR_futex:
		return darwin_futex((uint32_t *)a1, a2, (uint32_t)a3, (const struct lx_timespec64 *)a4, (uint32_t)a6);
	case __NR_exit_group:
		_exit((int)a1);
	}
	return -LINUX_ENOSYS;
}
