#include <asm/errno.h>
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <lamina/linux_abi.h>
#include <lamina/channel.h>
#include "clone_args.h"
#include "darwin_rules.h"
#include "dispatch.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "seccomp.h"
#include "state.h"

/* The guest's stack pointer at a trapped call (compat mode); 0 for a call
 * musl+ made, which says where its stack is itself. */
static unsigned long trap_sp(void)
{
	return thread_current()->trap_sp;
}

static long clone_syscall(long flags, long stack, long ptid, long ctid, long tls)
{
	/* A raw clone that creates a process, from a static binary in compat
	 * mode: the child continues where the parent does, on its own copy of
	 * the stack (or, given one, on that: signal.c). glibc's fork asks for
	 * its tid at ctid; its posix_spawn asks for CLONE_VM | CLONE_VFORK and
	 * reads an exec's failure from its own stack. */
	(void)stack, (void)tls;
	if (flags & LX_CLONE_THREAD) return -ENOSYS;
	/* A process sharing its parent's memory while both run (LeakSanitizer's
	 * tracer): a fork would give it a copy, and a parent waiting on what
	 * the child writes would wait for ever. Refused; with CLONE_VFORK the
	 * parent waits, and the child's stores come back (vfork.c). */
	if ((flags & LX_CLONE_VM) && !(flags & LX_CLONE_VFORK)) return -ENOSYS;
	if (flags & LX_CLONE_NS) return -EPERM; /* no namespaces of the host's (container_filter.c) */
	long pid = flags & LX_CLONE_VFORK ? vfork_fork(trap_sp()) : process_fork(0, 0, 0);
	if (pid > 0 && (flags & LX_CLONE_PARENT_SETTID)) *(int *)ptid = (int)pid;
	if (pid == 0 && (flags & LX_CLONE_CHILD_SETTID)) *(int *)ctid = thread_current()->tid;
	if (pid == 0 && (flags & LX_CLONE_CHILD_CLEARTID)) host_syscall1(__NR_set_tid_address, ctid);
	return pid;
}

/* Terminal ioctls name process groups and sessions by id: the guest's ids
 * in, the guest's ids out (0 for one outside the container, as getpgid). */
static long terminal_pid_ioctl(int fd, unsigned request, int *id)
{
	int host_id;
	if (request == LX_TIOCSPGRP) {
		/* A group none of the container's is one no host process has
		 * (above pid_max), so the host's checks of the terminal come
		 * first, as Linux's do (EBADF, ENOTTY), then its ESRCH; a
		 * negative one is the host's EINVAL. */
		host_id = *id < 0 ? *id : (int)process_group_to_host(*id);
		if (host_id < 0 && *id >= 0) host_id = INT32_MAX;
		return host_syscall3(__NR_ioctl, fd, request, &host_id);
	}
	long r = host_syscall3(__NR_ioctl, fd, request, &host_id);
	if (r < 0) return r;
	*id = (int)process_pid_from_host(host_id);
	return r;
}

/* close_range over the guest's numbers only (closing everything from some
 * number up is common): each run of them between the init host's own. */
static long close_guest_range(unsigned first, unsigned last, long flags)
{
	if (first > last) return -EINVAL;
	const unsigned end = LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT; /* none of ours from here */
	long r = 0;
	for (unsigned from = first; !r;) {
		while (from <= last && from < end && thread_fd_reserved(from)) from++;
		if (from > last) break;
		unsigned to;
		if (from < LAMINA_FD_FIRST) {
			to = last < LAMINA_FD_FIRST - 1 ? last : LAMINA_FD_FIRST - 1;
		} else {
			to = from;
			while (to < last && to + 1 < end && !thread_fd_reserved(to + 1)) to++;
			if (to + 1 >= end) to = last;
		}
		r = host_syscall3(__NR_close_range, from, to, flags);
		if (to == last) break;
		from = to + 1;
	}
	return r;
}

/* Whether a socket address the guest gives can be read (or is none, or a
 * length the host refuses by itself), before the init host looks at it. */
static int address_readable(long addr, long len)
{
	return !addr || (int)len <= 0 || (int)len > LX_SOCKADDR_MAX || !guest_readable((const void *)addr, (size_t)(int)len);
}

/* The address a receive gave, into the guest's buffer of cap bytes as far
 * as it fits, and its whole length into *guest_len: another container's
 * port shown as its own, a datagram's named sender by its name. It comes
 * whole from the host, however small the guest's buffer. */
static long received_from(long fd, unsigned char name[LX_SOCKADDR_MAX], int len, void *guest_addr, int *guest_len, int cap)
{
	if (ports_in_force()) ports_source(fd, name, &len, LX_SOCKADDR_MAX);
	unix_dgram_sender(fd, name, &len, LX_SOCKADDR_MAX);
	int n = len < cap ? len : cap;
	if ((n > 0 && guest_copy(guest_addr, name, (size_t)n)) || guest_copy(guest_len, &len, sizeof len)) return -EFAULT;
	return 0;
}

/* recvmmsg's messages a call takes at most: each one's source comes through
 * a buffer of the init host's own, as recvmsg's; Linux may return fewer than
 * asked too. */
#define RECVMMSG_BATCH 8

/* recvmmsg: each message's source shown as recvfrom's (received_from), its
 * SCM_CREDENTIALS in the container's terms as recvmsg's. Never
 * inlined: its buffers (1.6 KiB) would grow the frame of every call through
 * dispatch_answer, and a handler on a small alternate stack overflowed it. */
__attribute__((noinline))
static long recvmmsg_names(long fd, struct lx_mmsghdr *guest, unsigned vlen, long flags, long timeout)
{
	struct lx_mmsghdr m[RECVMMSG_BATCH];
	unsigned char names[RECVMMSG_BATCH][LX_SOCKADDR_MAX];
	void *guest_name[RECVMMSG_BATCH];
	int cap[RECVMMSG_BATCH];
	if (vlen > LX_UIO_MAXIOV) vlen = LX_UIO_MAXIOV; /* as Linux caps it */
	if (vlen > RECVMMSG_BATCH) vlen = RECVMMSG_BATCH;
	if (guest_copy(m, guest, vlen * sizeof *m)) return -EFAULT;
	for (unsigned i = 0; i < vlen; i++) {
		guest_name[i] = m[i].hdr.name;
		cap[i] = m[i].hdr.namelen;
		if (!guest_name[i]) continue;
		if (cap[i] < 0) return -EINVAL;
		m[i].hdr.name = names[i];
		m[i].hdr.namelen = LX_SOCKADDR_MAX;
	}
	long r = host_syscall5(__NR_recvmmsg, fd, (long)m, vlen, flags, timeout);
	for (long i = 0; i < r; i++) {
		struct lx_mmsghdr *g = &guest[i];
		if (guest_copy(&g->len, &m[i].len, sizeof m[i].len) || guest_copy(&g->hdr.controllen, &m[i].hdr.controllen,
		    sizeof m[i].hdr.controllen) || guest_copy(&g->hdr.flags, &m[i].hdr.flags, sizeof m[i].hdr.flags))
			return -EFAULT;
		if (!guest_name[i]) {
			int none = 0;
			if (guest_copy(&g->hdr.namelen, &none, sizeof none)) return -EFAULT;
		} else if (received_from(fd, names[i], m[i].hdr.namelen, guest_name[i], &g->hdr.namelen, cap[i])) {
			return -EFAULT;
		}
		long e = scm_credentials_received(&g->hdr);
		if (e) return e;
	}
	return r;
}

/* Whether fd is a directory the kernel lists, the container's /proc or
 * /dev (by the host's device and inode numbers, the first two fields of
 * struct stat on every architecture), or another of its own below /proc,
 * /sys or /dev, which it opened with O_NOATIME as the mark (NodeOps.java):
 * the host lists those in its hash order, Linux "." and ".." first. */
static int listed_by_kernel(int fd)
{
	uint64_t st[32];
	if (!process.proc_ino || host_syscall2(__NR_fstat, fd, st)) return 0;
	if ((st[0] == process.proc_dev && st[1] == process.proc_ino) || (st[0] == process.dev_dev && st[1] == process.dev_ino))
		return 1;
	return st[0] == process.proc_dev && (host_syscall2(__NR_fcntl, fd, F_GETFL) & O_NOATIME);
}

/* The Linux host's own answers (dispatcher.c calls this first). */
/* A field of a struct the guest passed, by its offset. */
static uint32_t *field(long base, long offset)
{
	return (uint32_t *)((char *)base + offset);
}

/* A signal to another thread of this process (pthread_kill, Go's preemption and
 * AllThreadsSyscall): on the host at once, as a process may always signal its
 * own threads, rather than a round trip to the kernel. A thread this process
 * does not know (another's, or one not started yet), and pid 1's SIGKILL and
 * SIGSTOP, which never reach it from inside, go to the kernel. */
static long own_thread_signal(long tid, long sig)
{
	int host_tid = thread_host_tid((int)tid);
	if (host_tid <= 0 || (unsigned long)sig > LX_NSIG || (process.pid == 1 && (sig == LX_SIGKILL || sig == LX_SIGSTOP)))
		return DISPATCH_PASS;
	return host_syscall3(__NR_tgkill, host_syscall0(__NR_getpid), host_tid, sig);
}

long dispatch_answer(long nr, long args[6])
{
	long a1 = args[0], a2 = args[1], a3 = args[2], a4 = args[3], a5 = args[4], a6 = args[5];
	/* the guest's own sandbox first, as Linux's seccomp comes before the call */
	struct thread_state *t = thread_current();
	long verdict = seccomp_filter(nr, args, (uint64_t)(t->trap_pc ? t->trap_pc : t->guest_pc));
	if (verdict != DISPATCH_PASS) return verdict;
	if (ports_in_force()) tcp_connect_touched(nr, args);
	switch (nr) {
	/* cached or answered from the init host's own state */
	case __NR_getpid:
		return process.pid;
	case __NR_gettid:
		return thread_current()->tid;
	case __NR_set_tid_address:
		host_syscall1(__NR_set_tid_address, a1);
		return thread_current()->tid;
	case __NR_getuid: case __NR_geteuid: case __NR_getgid: case __NR_getegid:
		return identity_get(nr);
	case __NR_setuid: case __NR_setgid: case __NR_setreuid: case __NR_setregid:
	case __NR_setresuid: case __NR_setresgid: case __NR_setfsuid: case __NR_setfsgid:
		return identity_set(nr, args);
	/* processes */
#ifdef __NR_fork /* not in aarch64's table: its libcs fork with clone */
	case __NR_fork:
		return process_fork(0, 0, 0);
	case __NR_vfork:
		return vfork_fork(trap_sp());
#endif
	case __NR_clone:
		return clone_syscall(a1, a2, a3, args[CLONE_CTID_ARG], args[CLONE_TLS_ARG]);
	case __NR_unshare:
		/* A namespace of the host's would be the guest's own there (container_filter.c): refused, as
		 * Docker's default profile refuses it; the rest (CLONE_FS, CLONE_FILES) is the host's to do,
		 * and CLONE_FS the kernel's too, which keeps the root, working directory and umask. */
		if (a1 & (LX_CLONE_NS | LX_CLONE_NEWTIME)) return -EPERM;
		if (a1 & LX_CLONE_FS) {
			long r = route_call(nr, args);
			if (r) return r;
		}
		break;
	case __NR_clone3:
		/* Callers fall back to clone, which the kernel gets to see. */
		return -ENOSYS;
	case __NR_execve:
		return process_execve((const char *)a1, (char *const *)a2, (char *const *)a3);
	case __NR_execveat:
		return process_execveat((int)a1, (const char *)a2, (char *const *)a3, (char *const *)a4, a5);
	case __NR_wait4:
		return process_wait4((int)a1, (int *)a2, a3, (void *)a4);
	case __NR_waitid:
		return process_waitid(a1, (int)a2, (void *)a3, a4, (void *)a5);
	case __NR_exit:
		thread_exit(a1);
	case __NR_exit_group:
		thread_exit_group(a1);
	/* A process signalling itself, or a thread itself (raise): on the host
	 * at once. The kernel may not know a fork's child yet (its parent
	 * reports it), and a child that raised a signal got ESRCH. A pid 1
	 * goes through the kernel, which keeps a namespace init's rule. */
	case __NR_kill:
		if ((int)a1 == process.pid && process.pid != 1) return host_syscall2(nr, host_syscall0(__NR_getpid), a2);
		break;
	case __NR_tkill:
		if ((int)a1 == thread_current()->tid && process.pid != 1)
			return host_syscall3(__NR_tgkill, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), a2);
		return own_thread_signal(a1, a2);
	case __NR_tgkill:
		if ((int)a1 == process.pid && (int)a2 == thread_current()->tid && process.pid != 1)
			return host_syscall3(__NR_tgkill, host_syscall0(__NR_getpid), host_syscall0(__NR_gettid), a3);
		if ((int)a1 == process.pid) return own_thread_signal(a2, a3);
		break;
	case __NR_futex:
		if (pi_futex_op(a2)) return pi_futex((uint32_t *)a1, a2, (const void *)a4);
		break;
	/* The old calls for the descriptor limit (Go's, a static binary's) are prlimit64's, which keeps the guest's own hard limit. */
	case __NR_getrlimit:
		if ((int)a1 == RLIMIT_NOFILE) return fd_limit_prlimit(0, (struct rlimit64 *)a2);
		break;
	case __NR_setrlimit:
		if ((int)a1 == RLIMIT_NOFILE) return fd_limit_prlimit((const struct rlimit64 *)a2, 0);
		break;
	case __NR_set_robust_list:
		thread_current()->robust_head = (void *)a1;
		return host_syscall2(nr, a1, a2);
	case __NR_setpgid: {
		/* Linux's order: a negative group (0 meaning the pid's own) is EINVAL,
		 * a process not found ESRCH, a group not found EPERM */
		int pid = (int)a1, pgid = (int)a2 ? (int)a2 : pid;
		if (pgid < 0) return -EINVAL;
		long host_pid = pid ? process_pid_to_host(pid) : 0;
		if (host_pid < 0) return -ESRCH;
		long host_pgid = (int)a2 ? process_group_to_host(pgid) : 0;
		if (host_pgid < 0) return -EPERM;
		return host_syscall2(__NR_setpgid, host_pid, host_pgid);
	}
	case __NR_getpgid: case __NR_getsid: {
		long pid = (int)a1 ? process_pid_to_host((int)a1) : 0;
		if (pid < 0) return -ESRCH;
		long r = host_syscall1(nr, pid);
		return r < 0 ? r : process_pid_from_host(r);
	}
#ifdef __NR_getpgrp
	case __NR_getpgrp:
#endif
	case __NR_setsid: {
		long r = host_syscall0(nr);
		return r < 0 ? r : process_pid_from_host(r);
	}
	case __NR_ioctl:
		if ((unsigned)a2 == LX_TIOCGPGRP || (unsigned)a2 == LX_TIOCSPGRP || (unsigned)a2 == LX_TIOCGSID)
			return terminal_pid_ioctl((int)a1, (unsigned)a2, (int *)a3);
		/* Typing into a terminal: on one shared with the user, the keys would
		 * run in the user's shell once lamina exits. Refused, as Linux 6.2+
		 * refuses it by default. */
		if ((unsigned)a2 == LX_TIOCSTI) return -EPERM;
		/* with a port plan the container's interfaces are the kernel's (its addresses) */
		if (ports_in_force() && ports_interface_request((unsigned)a2)) return ports_interface(a1, (unsigned)a2, (void *)a3);
		if (ports_in_force() && (unsigned)a2 == LX_SIOCGIFCONF) return ports_ifconf(a1, (void *)a3);
		break;
	/* with a port plan on the engine's networks, NETLINK_ROUTE is the kernel's (netlink.c) */
	case __NR_socket:
		if ((int)a1 == LX_AF_UNIX && ((int)a2 & LX_SOCK_TYPE_MASK) == LX_SOCK_DGRAM) return unix_dgram_open(a2, a3);
		if ((int)a1 == LX_AF_UNIX && unix_placeholder_type(a2)) return unix_socket_open(a2, a3);
		/* The host's audit system is not the container's: refused as by a kernel without audit, which
		 * libaudit's users (sudo, su, login) take quietly. */
		if ((int)a1 == LX_AF_NETLINK && (int)a3 == LX_NETLINK_AUDIT) return -EPROTONOSUPPORT;
		if (ports_in_force() && (int)a1 == LX_AF_NETLINK && (int)a3 == LX_NETLINK_ROUTE) {
			long r = netlink_socket(LAMINA_SOCKET_NETLINK_OPEN, a2);
			if (r != DISPATCH_PASS) return r;
		}
		/* ping: the kernel answers echo requests on the engine's networks */
		if (ports_in_force() && (int)a1 == LX_AF_INET && (int)a3 == LX_IPPROTO_ICMP &&
		    (((int)a2 & LX_SOCK_TYPE_MASK) == LX_SOCK_RAW || ((int)a2 & LX_SOCK_TYPE_MASK) == LX_SOCK_DGRAM)) {
			long r = netlink_socket(LAMINA_SOCKET_ECHO_OPEN, a2);
			if (r != DISPATCH_PASS) return r;
		}
		if (ports_in_force() && (int)a1 == LX_AF_INET) {
			long r = dispatch_local(nr, args);
			if (r >= 0) tcp_connect_made(r, (int)a1, (int)a2, (int)a3);
			return r;
		}
		break;
	case __NR_socketpair:
		if ((int)a1 == LX_AF_UNIX && ((int)a2 & LX_SOCK_TYPE_MASK) == LX_SOCK_DGRAM) return unix_dgram_pair(a2, a3, a4);
		break;
	case __NR_shutdown:
		if ((a2 == LX_SHUT_WR || a2 == LX_SHUT_RDWR) && unix_dgram(a1)) return unix_dgram_shut(a1, a2);
		break;
	case __NR_write: case __NR_writev:
		if (ports_in_force() && netlink_marked(a1)) {
			long r = netlink_send(nr, args);
			if (r != DISPATCH_PASS) return r;
		}
		break;
	case __NR_close:
		if (netlink_marked(a1)) netlink_closed(a1);
		break;
	case __NR_dup: case __NR_dup3:
#ifdef __NR_dup2
	case __NR_dup2:
#endif
		if (ports_in_force() && (netlink_marked(a1) || (nr != __NR_dup && netlink_marked(a2)))) return netlink_dup(nr, args);
		break;
	/* signals */
	/* One held during a trap is pending on the host, blocked by the init host (signal.c), never by the guest. */
	case __NR_rt_sigpending: {
		uint64_t set;
		long r = host_syscall2(nr, &set, a2);
		if (r) return r;
		set &= ~thread_current()->deferred;
		return guest_copy((void *)a1, &set, (size_t)a2 < sizeof set ? (size_t)a2 : sizeof set) ? -EFAULT : 0;
	}
	case __NR_rt_sigaction: {
		if (a4 != 8) return -EINVAL;
		struct lx_sigaction act, old;
		if (a2 && guest_copy(&act, (const void *)a2, sizeof act)) return -EFAULT;
		long r = signal_action(a1, a2 ? &act : 0, a3 ? &old : 0, a4);
		if (!r && a3 && guest_copy((void *)a3, &old, sizeof old)) return -EFAULT;
		return r;
	}
	/* the init host's own descriptors and registers stay its own */
	case __NR_close_range:
		return close_guest_range((unsigned)a1, (unsigned)a2, a3);
#ifdef __NR_arch_prctl
	case __NR_arch_prctl:
		if (a1 == LX_ARCH_SET_GS || a1 == LX_ARCH_GET_GS) return -EINVAL;
		return host_syscall2(nr, a1, a2);
#endif
	/* A version-1 header's data is one set of 12 bytes; the route's 24 are versions 2's and 3's two. */
	case __NR_capset: {
		uint32_t version, data[6] = {0};
		if (!a1 || !a2 || guest_copy(&version, (const void *)a1, 4) || version != _LINUX_CAPABILITY_VERSION_1) break;
		if (guest_copy(data, (const void *)a2, 12)) return -EFAULT;
		long with_data[6] = { a1, (long)data, 0, 0, 0, 0 };
		return route_call(nr, with_data);
	}
	case __NR_seccomp:
		return seccomp_call(a1, a2, (void *)a3);
	case __NR_prctl:
		if (a1 == PR_SET_SYSCALL_USER_DISPATCH) return -EPERM;
		if (a1 == PR_SET_SECCOMP || a1 == PR_GET_SECCOMP) return seccomp_prctl(a1, a2, a3);
		if ((a1 == PR_SET_CHILD_SUBREAPER || a1 == PR_GET_CHILD_SUBREAPER) && process.pid == 1 &&
		    (process.flags & LAMINA_PLAN_SUBREAPER)) {
			if (a1 == PR_SET_CHILD_SUBREAPER) {
				process.guest_subreaper = a2 != 0;
				return 0;
			}
			int reaper = process.guest_subreaper;
			return guest_copy((void *)a2, &reaper, sizeof reaper) ? -EFAULT : 0;
		}
		/* The capabilities are the kernel's (capget); the init host's own on the host are next to none,
		 * and its no_new_privs always set (confinement needs it). */
		if (a1 == PR_CAPBSET_READ || a1 == PR_CAPBSET_DROP || a1 == PR_GET_KEEPCAPS || a1 == PR_SET_KEEPCAPS ||
		    a1 == PR_GET_SECUREBITS || a1 == PR_SET_SECUREBITS || a1 == PR_GET_NO_NEW_PRIVS || a1 == PR_SET_NO_NEW_PRIVS ||
		    a1 == PR_GET_DUMPABLE || a1 == PR_SET_DUMPABLE)
			return route_simple(LAMINA_OP_CAPS, a1, a2);
		/* No ambient capabilities: none to read or drop, none raised (it takes file-less inheritance). */
		if (a1 == PR_CAP_AMBIENT) {
			if (a2 == PR_CAP_AMBIENT_CLEAR_ALL) return 0;
			if ((a2 != PR_CAP_AMBIENT_IS_SET && a2 != PR_CAP_AMBIENT_LOWER && a2 != PR_CAP_AMBIENT_RAISE) ||
			    a3 < 0 || a3 > CAP_LAST_CAP)
				return -EINVAL;
			return a2 == PR_CAP_AMBIENT_RAISE ? -EPERM : 0;
		}
		return host_syscall5(nr, a1, a2, a3, a4, a5);
	/* AF_UNIX sockets by path: the path is the container's; with a port
	 * plan, the container's ports are its own */
	case __NR_bind: case __NR_connect:
		if (!address_readable(a2, a3)) return -EFAULT;
		if (a2 && a3 >= 2 && *(const unsigned short *)a2 == LX_AF_UNIX && unix_placeholder(a1))
			return unix_placeholder_call(nr, a1, (const void *)a2, a3, 0);
		if (nr == __NR_connect && a2 && a3 >= 2 && *(const unsigned short *)a2 == LX_AF_UNIX && unix_bound_unlistened(a1))
			return unix_bound_connect(a1, (const void *)a2, a3);
		if (nr == __NR_connect && a2 && a3 >= 2 && (*(const unsigned short *)a2 == LX_AF_UNIX ||
		    *(const unsigned short *)a2 == LX_AF_UNSPEC) && unix_dgram(a1))
			return unix_dgram_connect(a1, (const void *)a2, a3);
		if (unix_names_path((const void *)a2, a3)) return unix_path_call(nr, a1, (const void *)a2, a3, args);
		/* the kernel's netlink socket talks to netlink's kernel alone */
		if (nr == __NR_connect && ports_in_force() && netlink_marked(a1) && netlink_names((const void *)a2, a3)) return 0;
		if (nr == __NR_bind && ports_in_force()) return ports_bind(a1, (const void *)a2, a3);
		if (nr == __NR_connect && ports_in_force()) {
			long r = tcp_connect(a1, (const void *)a2, a3);
			if (r != DISPATCH_PASS) return r;
		}
		if (ports_in_force() && ports_routed(nr, (const void *)a2, a3)) return ports_send(nr, a1, (const void *)a2, a3, args);
		break;
	case __NR_sendto:
		if (!address_readable(a5, a6)) return -EFAULT;
		if (unix_names_path((const void *)a5, a6)) return unix_path_call(nr, a1, (const void *)a5, a6, args);
		if (ports_in_force() && (netlink_marked(a1) || netlink_names((const void *)a5, a6))) {
			long r = netlink_send(nr, args);
			if (r != DISPATCH_PASS) return r;
		}
		if (ports_in_force() && ports_routed(nr, (const void *)a5, a6)) return ports_send(nr, a1, (const void *)a5, a6, args);
		break;
	case __NR_sendmsg: {
		const struct lx_msghdr *m = (const void *)a2;
		if (m && (guest_readable(m, sizeof *m) || !address_readable((long)m->name, m->namelen))) return -EFAULT;
		if (m && ports_in_force() && (netlink_marked(a1) || netlink_names(m->name, m->namelen))) {
			long r = netlink_send(nr, args);
			if (r != DISPATCH_PASS) return r;
		}
		if (m && unix_names_path(m->name, m->namelen))
			return unix_path_call(nr, a1, m->name, m->namelen, args);
		if (m && ports_in_force() && ports_routed(nr, m->name, m->namelen))
			return ports_send(nr, a1, m->name, m->namelen, args);
		if (m) {
			long r = scm_credentials_send(a1, m, a3);
			if (r != DISPATCH_PASS) return r;
		}
		break;
	}
	/* with a port plan, an address received from loopback may be another
	 * container's: shown as the guest would see it */
	case __NR_accept: case __NR_accept4:
		if (!a2 || !a3) break;
		if (guest_readable((const void *)a3, sizeof(int))) return -EFAULT;
		return unix_names_call(nr, args);
	case __NR_recvfrom: {
		if (!a5 || !a6) break;
		int cap, len = LX_SOCKADDR_MAX;
		if (guest_copy(&cap, (const void *)a6, sizeof cap)) return -EFAULT;
		if (cap < 0) return -EINVAL;
		unsigned char name[LX_SOCKADDR_MAX];
		long r = host_syscall6(nr, a1, a2, a3, a4, (long)name, (long)&len);
		if (r < 0) return r;
		long e = received_from(a1, name, len, (void *)a5, (int *)a6, cap);
		return e ? e : r;
	}
	case __NR_recvmsg: {
		struct lx_msghdr m, *guest = (void *)a2;
		if (!guest || guest_copy(&m, guest, sizeof m) || !m.name) break; /* dispatch_local's, credentials and all */
		if (m.namelen < 0) return -EINVAL;
		unsigned char name[LX_SOCKADDR_MAX];
		void *guest_name = m.name;
		int cap = m.namelen;
		m.name = name;
		m.namelen = LX_SOCKADDR_MAX;
		long r = host_syscall3(nr, a1, (long)&m, a3);
		if (r < 0) return r;
		if (guest_copy(&guest->controllen, &m.controllen, sizeof m.controllen) ||
		    guest_copy(&guest->flags, &m.flags, sizeof m.flags))
			return -EFAULT;
		long e = received_from(a1, name, m.namelen, guest_name, &guest->namelen, cap);
		if (!e) e = scm_credentials_received(guest);
		return e ? e : r;
	}
	case __NR_recvmmsg:
		if (!a2 || !a3) break;
		return recvmmsg_names(a1, (struct lx_mmsghdr *)a2, (unsigned)a3, a4, a5);
	case __NR_listen:
		if (unix_placeholder(a1)) return unix_placeholder_call(nr, a1, 0, 0, a2);
		if (unix_bound_unlistened(a1)) unix_listened(a1); /* a listener now: its connect is EINVAL, as Linux's */
		if (ports_in_force()) return ports_listen(a1, a2);
		break;
	case __NR_getsockname: case __NR_getpeername:
		if (!a2 || !a3) break;
		if (guest_readable((const void *)a3, sizeof(int))) return -EFAULT;
		if (nr == __NR_getpeername && unix_dgram(a1)) return unix_dgram_peer(a1, (void *)a2, (int *)a3);
		return unix_names_call(nr, args);
	case __NR_fcntl:
		if ((int)a2 == LX_F_GETLK) return host_pids_getlk(a1, (struct lx_flock *)a3);
		if ((int)a2 == LX_F_SETOWN || (int)a2 == LX_F_GETOWN || (int)a2 == LX_F_SETOWN_EX || (int)a2 == LX_F_GETOWN_EX)
			return host_pids_owner(a1, (int)a2, a3);
		if (((int)a2 == LX_F_DUPFD || (int)a2 == LX_F_DUPFD_CLOEXEC) && netlink_marked(a1)) return netlink_dup(nr, args);
		/* leases as with fs.leases-enable 0 (the host's would take every file for the guest's own:
		 * container_filter.c refuses them) */
		if ((int)a2 == LX_F_SETLEASE) return -EINVAL;
		break;
	case __NR_setsockopt:
		/* the kernel's sockets have no netlink, IP or ICMP options to set: taken */
		if ((int)a2 != LX_SOL_SOCKET && netlink_marked(a1)) return 0;
		break;
	case __NR_getsockopt:
		if ((int)a2 == LX_SOL_SOCKET && (int)a3 == LX_SO_PEERCRED) return host_pids_peercred(args);
		break;
	/* System V IPC: the container's own namespace, which the kernel keeps */
	case __NR_shmget: case __NR_shmat: case __NR_shmdt: case __NR_shmctl:
	case __NR_semget: case __NR_semop: case __NR_semtimedop: case __NR_semctl:
	case __NR_msgget: case __NR_msgsnd: case __NR_msgrcv: case __NR_msgctl:
		return sysv_ipc(nr, args);
	case __NR_timer_create:
		return host_pids_timer_create(a1, (const void *)a2, (void *)a3);
	case __NR_rt_sigtimedwait: {
		/* The sender as the container names it, as a handler is shown it (signal.c). */
		long r = host_syscall4(nr, a1, a2, a3, a4);
		struct lx_siginfo_child info;
		if (r > 0 && a2 && !guest_copy(&info, (const void *)a2, sizeof info)) {
			host_pids_siginfo((int)r, &info);
			guest_copy((void *)a2, &info, sizeof info);
		}
		return r;
	}
	case __NR_clock_gettime: case __NR_clock_getres: case __NR_clock_nanosleep:
	case __NR_clock_settime: case __NR_clock_adjtime:
		if ((int)a1 < 0 && (args[0] = host_pids_clock(a1)) == -EINVAL) return -EINVAL;
		if (nr == __NR_clock_gettime) return vdso_time_call(nr, args);
		break;
	case __NR_rt_sigsuspend: case __NR_ppoll: case __NR_pselect6: case __NR_epoll_pwait: case __NR_epoll_pwait2:
		if (signal_sigsys_traps()) return signal_masked_wait(nr, args);
		break;
	case __NR_sendmmsg:
		if (a2 && (unsigned)a3 <= LX_UIO_MAXIOV && guest_readable((const void *)a2, (size_t)(unsigned)a3 * LX_MMSGHDR_SIZE)) return -EFAULT;
		/* Rare with a path address: refused rather than sent on the host. */
		for (long i = 0; a2 && i < a3 && i < LX_UIO_MAXIOV; i++) {
			const struct lx_msghdr *m = (const void *)((const char *)a2 + i * LX_MMSGHDR_SIZE);
			if (unix_names_path(m->name, m->namelen)) return -EACCES;
		}
		break;
#if HAS_DARWIN_RULES
	case __NR_mmap:
		if (darwin_rules) return darwin_mmap(a1, a2, a3, a4, a5, a6);
		break;
	case __NR_mprotect:
		if (darwin_rules) return darwin_mprotect(a1, a2, a3);
		break;
	case __NR_munmap:
		if (darwin_rules) return darwin_munmap(a1, a2);
		break;
#endif
	/* io_uring runs calls in the host kernel that nothing here could route */
	case __NR_io_uring_setup:
		return -ENOSYS;
	/* the time, read from the host's vDSO (clock_gettime's above) */
	case __NR_gettimeofday:
#ifdef __NR_time
	case __NR_time:
#endif
		return vdso_time_call(nr, args);
	/* /proc in Linux's order (the processes by pid), which the host's listing of the kernel's files is not */
#ifdef __NR_getdents
	case __NR_getdents:
#endif
	case __NR_getdents64:
		if (!listed_by_kernel((int)a1)) break;
		if (!a2 && a3) return -EFAULT; /* the kernel's listing would have moved on */
		return route_call(nr, args);
	/* ownership as the guest sees it, and a generated file as stat of its path shows it */
	case __NR_fstat:
		return generated_stat(owner_fix(host_syscall2(nr, a1, a2), a1, field(a2, GUEST_STAT_UID), field(a2, GUEST_STAT_GID)),
		                      a1, (unsigned char *)a2);
	case __NR_newfstatat:
		if ((a4 & LX_AT_EMPTY_PATH) && a2 && guest_strlen((const char *)a2) < 0) return -EFAULT;
		if ((a4 & LX_AT_EMPTY_PATH) && a2 && !*(const char *)a2 && (int)a1 >= 0)
			return generated_stat(owner_fix(host_syscall4(nr, a1, a2, a3, a4), a1, field(a3, GUEST_STAT_UID), field(a3, GUEST_STAT_GID)),
			                      a1, (unsigned char *)a3);
		break;
	case __NR_statx:
		if ((a3 & LX_AT_EMPTY_PATH) && a2 && guest_strlen((const char *)a2) < 0) return -EFAULT;
		if ((a3 & LX_AT_EMPTY_PATH) && a2 && !*(const char *)a2 && (int)a1 >= 0)
			return generated_statx(owner_fix(host_syscall5(nr, a1, a2, a3, a4, a5), a1, field(a5, LX_STATX_UID), field(a5, LX_STATX_GID)),
			                       a1, (unsigned char *)a5);
		break;
	}
	return DISPATCH_PASS;
}

long dispatch_local(long nr, long args[6])
{
	if (host_pids_involved(nr))
		return host_pids_call(nr, args);
	/* Calls newer than the headers: only those the table knows act on the
	 * caller alone; an unknown one might name a path or a pid. */
	if (nr > LX_NR_UAPI_MAX && ((unsigned long)nr >= ROUTE_TABLE_SIZE || !route_table[nr].known))
		return -ENOSYS;
	/* A trap on the guest's alternate stack holds the signals that come
	 * before its host call (signal.c): the call, a futex wait say, would
	 * then block with them blocked, and a Go program's thread asleep in it
	 * never ran its handler (a SIGTERM lost). Linux delivers such a signal
	 * before the call: the trap ends, its held signals come in, and the
	 * call is made again after them. */
	struct thread_state *t = thread_current();
	if (t->call.left) return -EINTR; /* a cancellation came before the call: not made */
	long r = t->in_trap ? held_call(nr, args, &t->deferred)
	                    : host_syscall6(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
	if (r == -LX_ERESTARTNOINTR) {
		t->trap_end = TRAP_END_RESTART;
		return -EINTR;
	}
	if (nr == __NR_recvmsg && r >= 0 && args[1]) {
		long e = scm_credentials_received((const struct lx_msghdr *)args[1]);
		if (e) return e;
	}
	/* a datagram socket of the guest's sends through the kernel (unix_dgram.c) */
	if (r == -EPIPE && (nr == __NR_write || nr == __NR_writev || nr == __NR_sendto || nr == __NR_sendmsg))
		return unix_dgram_resend(nr, args);
	return r;
}

/* musl+'s entry: a guest system call, made with its return address known
 * (guest_pc). */
long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return guest_call(__builtin_return_address(0), nr, a1, a2, a3, a4, a5, a6);
}

long guest_vfork(void *sp)
{
#ifdef __NR_vfork
	long call[6] = {0};
	long verdict = seccomp_filter(__NR_vfork, call, (uint64_t)__builtin_return_address(0));
#else /* aarch64's vfork is a clone */
	long call[6] = { LX_CLONE_VM | LX_CLONE_VFORK | LX_SIGCHLD, 0, 0, 0, 0, 0 };
	long verdict = seccomp_filter(__NR_clone, call, (uint64_t)__builtin_return_address(0));
#endif
	if (verdict != DISPATCH_PASS) return verdict;
	struct thread_state *t = thread_current();
	void *outer = t->guest_pc;
	t->guest_pc = __builtin_return_address(0);
	long r = vfork_fork((unsigned long)sp);
	t->guest_pc = outer;
	return r;
}

long guest_call(void *pc, long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	struct thread_state *t = thread_current();
	void *outer = t->guest_pc;
	int outer_left = t->call.left; /* this call's own (a handler's calls nest in it) */
	t->guest_pc = pc;
	t->call.left = 0;
	long r = dispatch_syscall(nr, a1, a2, a3, a4, a5, a6);
	t->guest_pc = outer;
	t->call.left = outer_left;
	return r;
}
