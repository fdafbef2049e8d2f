/* Calls that name another process by pid: the guest's pids mean nothing to
 * the host, so each is turned into the host's before the call runs locally
 * (and a pid outside the container gets ESRCH, never a host process). */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/resource.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "channel.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* Which argument holds a pid (0 means "the caller" and stays). */
static int pid_arg(long nr, const long a[6])
{
	switch (nr) {
	case __NR_sched_setparam: case __NR_sched_getparam:
	case __NR_sched_setscheduler: case __NR_sched_getscheduler:
	case __NR_sched_rr_get_interval: case __NR_sched_setaffinity:
	case __NR_sched_getaffinity: case __NR_sched_setattr: case __NR_sched_getattr:
	case __NR_prlimit64: case __NR_get_robust_list: case __NR_pidfd_open:
	case __NR_rt_sigqueueinfo: case __NR_rt_tgsigqueueinfo:
		return 0;
	case __NR_getpriority: case __NR_setpriority:
		return a[0] == LX_PRIO_PROCESS || a[0] == LX_PRIO_PGRP ? 1 : -1;
	case __NR_ioprio_get: case __NR_ioprio_set:
		return a[0] == LX_IOPRIO_WHO_PROCESS || a[0] == LX_IOPRIO_WHO_PGRP ? 1 : -1;
	default:
		return -1;
	}
}

int host_pids_involved(long nr)
{
	static const long none[6];
	return pid_arg(nr, none) >= 0 || nr == __NR_getpriority ||
	       nr == __NR_setpriority || nr == __NR_ioprio_get || nr == __NR_ioprio_set || nr == __NR_pidfd_send_signal;
}

/* The host pid a pidfd names: PIDFD_GET_INFO's (Linux 6.13), else its fdinfo's; 0 when neither tells. */
static long pidfd_host_pid(long pidfd)
{
	struct { uint64_t mask, cgroupid; uint32_t pid, rest[11]; } info = {0};
	_Static_assert(sizeof info == 64, "struct pidfd_info's first size");
	if (host_syscall3(__NR_ioctl, pidfd, LX_PIDFD_GET_INFO, &info) == 0) return info.pid;
	char path[FD_PATH_MAX], text[512];
	fd_path(path, "/proc/self/fdinfo/", pidfd);
	long fd = host_syscall4(__NR_openat, LX_AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) return 0;
	long len = host_syscall3(__NR_read, fd, text, sizeof text - 1);
	host_syscall1(__NR_close, fd);
	if (len <= 0) return 0;
	text[len] = 0;
	for (const char *c = text; *c; c++) {
		if ((c == text || c[-1] == '\n') && c[0] == 'P' && c[1] == 'i' && c[2] == 'd' && c[3] == ':') {
			long pid = 0;
			for (c += 4; *c == ' ' || *c == '\t'; c++) {}
			for (; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
			return pid;
		}
	}
	return 0;
}

/* The guest pid a descriptor of a /proc/PID directory names, as the kernel
 * shows the descriptor (/proc/self/fd/N); 0 when it is no such directory. */
static long proc_dir_pid(long fd)
{
	char path[FD_PATH_MAX], target[32];
	fd_path(path, "/proc/self/fd/", fd);
	long args[6] = { LX_AT_FDCWD, (long)path, (long)target, sizeof target - 1 };
	long len = route_call(__NR_readlinkat, args);
	if (len <= 6 || len >= (long)sizeof target) return 0;
	target[len] = 0;
	static const char proc[] = "/proc/";
	for (int i = 0; i < 6; i++)
		if (target[i] != proc[i]) return 0;
	long pid = 0;
	for (const char *c = target + 6; *c; c++) {
		if (*c < '0' || *c > '9' || pid > 1 << 22) return 0;
		pid = pid * 10 + (*c - '0');
	}
	return pid;
}

/* pidfd_send_signal: a host pidfd's process; a descriptor of a /proc/PID
 * directory names one on Linux too (psmisc's killall signals that way): the
 * kernel sends that signal, as for kill, with the checks and pid 1's rule. */
static long pidfd_send_signal(const long a[6])
{
	long r = host_syscall4(__NR_pidfd_send_signal, a[0], a[1], a[2], a[3]);
	if (r != -EBADF || a[2] || a[3]) return r;
	long pid = proc_dir_pid(a[0]);
	if (pid <= 0) return r;
	long kill_args[6] = { pid, a[1] };
	return route_call(__NR_kill, kill_args);
}

/* Whether the call is the kernel's: one that changes another task (its
 * limits, scheduling, I/O priority), or names a process group or a user.
 * Every process of the container is the same host user, so the host would
 * let it change any process of that user, the engine's among them: the
 * container's seccomp filter (process_filter.c) lets guest code make these
 * on itself alone, and the kernel makes the rest after Linux's rules in the
 * container's ids (ProcessTuningSyscalls). One naming the caller itself
 * names it as 0 here, which is all the filter lets through. */
static int kernels(long nr, long a[6])
{
	int self;
	switch (nr) {
	case __NR_prlimit64: /* limits are the process's: any of its ids is itself */
		self = (int)a[0] == 0 || (int)a[0] == process.pid || thread_host_tid((int)a[0]) > 0;
		if (self) a[0] = 0;
		return !self;
	case __NR_sched_setparam: case __NR_sched_setscheduler: case __NR_sched_setaffinity: case __NR_sched_setattr:
		self = (int)a[0] == 0 || (int)a[0] == thread_current()->tid;
		if (self) a[0] = 0;
		return !self;
	case __NR_setpriority: case __NR_ioprio_set:
		self = (int)a[0] == (nr == __NR_setpriority ? LX_PRIO_PROCESS : LX_IOPRIO_WHO_PROCESS) &&
		       ((int)a[1] == 0 || (int)a[1] == thread_current()->tid);
		if (self) a[1] = 0;
		return !self;
	case __NR_getpriority:
		return (int)a[0] != LX_PRIO_PROCESS;
	case __NR_ioprio_get:
		return (int)a[0] != LX_IOPRIO_WHO_PROCESS;
	default:
		return 0;
	}
}

/* sched_setaffinity's mask and sched_setattr's struct as the channel carries
 * them (syscalls.tbl: in:128 and in:56), read as Linux reads them. */
#define AFFINITY_MAX 128
#define SCHED_ATTR_VER0 LX_SCHED_ATTR_SIZE_VER0
#define SCHED_ATTR_MAX LX_SCHED_ATTR_SIZE_VER1

static long by_kernel(long nr, const long a[6])
{
	long args[6] = { a[0], a[1], a[2], a[3], a[4], a[5] };
	unsigned char mask[AFFINITY_MAX] = {0};
	unsigned char attr[SCHED_ATTR_MAX] = {0};
	if (nr == __NR_sched_setaffinity && a[2]) {
		/* a shorter mask leaves the rest clear; a longer one is cut (more CPUs than any host has) */
		size_t len = (uint32_t)a[1] < AFFINITY_MAX ? (uint32_t)a[1] : AFFINITY_MAX;
		if (guest_copy(mask, (const void *)a[2], len)) return -EFAULT;
		args[2] = (long)mask;
	}
	if (nr == __NR_sched_setattr && a[1]) {
		uint32_t size;
		if (guest_copy(&size, (const void *)a[1], sizeof size)) return -EFAULT;
		if (!size) size = SCHED_ATTR_VER0;
		int too_big = size < SCHED_ATTR_VER0 || size > 4096;
		for (uint32_t at = SCHED_ATTR_MAX; !too_big && at < size; at++) {
			unsigned char b;
			if (guest_copy(&b, (const char *)a[1] + at, 1)) return -EFAULT;
			too_big = b != 0;
		}
		if (too_big) { /* Linux says the size it takes */
			uint32_t mine = SCHED_ATTR_MAX;
			return guest_copy((void *)a[1], &mine, sizeof mine) ? -EFAULT : -E2BIG;
		}
		uint32_t n = size < SCHED_ATTR_MAX ? size : SCHED_ATTR_MAX;
		if (guest_copy(attr, (const void *)a[1], n)) return -EFAULT;
		memcpy(attr, &n, sizeof n);
		args[1] = (long)attr;
	}
	return route_call(nr, args);
}

/* A guest pid as the host's. 0 (the caller) stays, and so does a negative
 * one, which names no process to any of these calls: the host answers it
 * as Linux does for each (pidfd_open and sched_getparam EINVAL, ...). */
static long to_host(long pid)
{
	if ((int)pid <= 0) return pid;
	long host = process_pid_to_host((int)pid);
	return host < 0 ? -ESRCH : host;
}

long host_pids_call(long nr, long a[6])
{
	/* SIGKILL and SIGSTOP from inside never reach pid 1, as Linux's init (the
	 * kernel's kill and tgkill drop them the same way). */
	if (nr == __NR_rt_sigqueueinfo && (int)a[0] == 1 && process.pid != 1 &&
	    (a[1] == LX_SIGKILL || a[1] == LX_SIGSTOP))
		return 0;
	if (nr == __NR_pidfd_send_signal && process.pid != 1 && (a[1] == LX_SIGKILL || a[1] == LX_SIGSTOP) &&
	    pidfd_host_pid(a[0]) == process_pid_to_host(1))
		return 0;
	if (kernels(nr, a)) return by_kernel(nr, a);
	int i = pid_arg(nr, a);
	if (i >= 0 && (int)a[i] > 0 && (a[i] = to_host(a[i])) < 0) return a[i];
	/* The descriptor limit also keeps room for the init host's own. */
	if (nr == __NR_prlimit64 && a[1] == RLIMIT_NOFILE)
		return fd_limit_prlimit((const struct rlimit64 *)a[2], (struct rlimit64 *)a[3]);
	/* rt_tgsigqueueinfo names a process and its thread, which must be one of the caller's own here. */
	if (nr == __NR_rt_tgsigqueueinfo) {
		if (a[0] != host_syscall0(__NR_getpid)) return -EPERM;
		if (!(a[1] = thread_host_tid((int)a[1]))) return -ESRCH;
	}
	if (nr == __NR_pidfd_send_signal) return pidfd_send_signal(a);
	return host_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

long host_pids_clock(long clock)
{
	int id = (int)clock;
	if (id >= 0) return id;
	int pid = ~(id >> 3);
	if (pid == 0) return id; /* the caller's own */
	long host = (id & LX_CPUCLOCK_PERTHREAD) ? thread_host_tid(pid) : process_pid_to_host(pid);
	if (host <= 0) return -EINVAL;
	return (int)(~(unsigned)host << 3 | (unsigned)(id & LX_CPUCLOCK_WHICH));
}

/* A host pid in a result, as the container names it; 0 when it is not the
 * container's. sig: for a signal the kernel sent on a guest's behalf (its
 * sender is the kernel's process), the signal, so the kernel names the guest. */
static int to_guest(int host_pid, int sig)
{
	if (host_pid <= 0) return host_pid;
	if (host_pid == host_syscall0(__NR_getpid)) return process.pid;
	long pid = process_child_pid(host_pid);
	if (pid) return (int)pid;
	pid = route_simple(LAMINA_OP_GUEST_PID, host_pid, sig);
	return pid < 0 ? 0 : (int)pid;
}

/* A question about a connected AF_UNIX socket of the guest's, which goes
 * along (unless sock is -1): the kernel looks at its peer. */
static long ask_with_socket(int op, long a0, long a1, long a2, long sock)
{
	long args[6] = { a0, a1, a2, 0, 0, 0 };
	struct thread_state *t = route_begin();
	call_begin(&t->call, t->channel, op, args, 0);
	if (sock >= 0) call_attach(&t->call, (int)sock);
	long r = call_answer(&t->call, 0);
	route_end(t);
	return r;
}

/* The peer's pid of a connected AF_UNIX socket: one the Lamina kernel
 * connected names the kernel's process, so the socket goes along and the
 * kernel names the guest it connected for. */
static int peer_to_guest(int host_pid, long sock)
{
	if (host_pid <= 0) return host_pid;
	if (host_pid == host_syscall0(__NR_getpid)) return process.pid;
	long r = ask_with_socket(LAMINA_OP_GUEST_PID, host_pid, 0, 0, sock);
	return r < 0 ? 0 : (int)r;
}

/* The host user is the container's root, as in stat. */
static unsigned to_guest_id(unsigned id, unsigned host_id)
{
	return id == host_id ? 0 : id;
}

long host_pids_getlk(long fd, struct lx_flock *lock)
{
	long r = host_syscall3(__NR_fcntl, fd, LX_F_GETLK, lock);
	if (r == 0 && lock->type != LX_F_UNLCK) lock->pid = to_guest(lock->pid, 0);
	return r;
}

/* A SIGIO owner of the container's to the host's: a thread (of the
 * caller's own process only), a process or a group; 0 stays (no owner); -ESRCH for one
 * outside the container. */
static long owner_to_host(int type, int pid)
{
	if (pid == 0) return 0;
	if (type == LX_F_OWNER_TID) {
		int thread = thread_host_tid(pid);
		return thread ? thread : -ESRCH;
	}
	long host = process_pid_to_host(pid);
	return host > 0 ? host : -ESRCH;
}

long host_pids_owner(long fd, long cmd, long arg)
{
	struct lx_f_owner_ex ex;
	long r;
	switch (cmd) {
	case LX_F_SETOWN: {
		int who = (int)arg;
		long host = owner_to_host(who < 0 ? LX_F_OWNER_PGRP : 1, who < 0 ? -who : who);
		return host < 0 ? host : host_syscall3(__NR_fcntl, fd, cmd, who < 0 ? -host : host);
	}
	case LX_F_SETOWN_EX: {
		const struct lx_f_owner_ex *want = (const struct lx_f_owner_ex *)arg;
		ex = *want;
		long host = owner_to_host(ex.type, ex.pid);
		if (host < 0) return host;
		ex.pid = (int)host;
		return host_syscall3(__NR_fcntl, fd, cmd, &ex);
	}
	default: /* F_GETOWN, F_GETOWN_EX: asked as F_GETOWN_EX, which tells a group from an error */
		r = host_syscall3(__NR_fcntl, fd, LX_F_GETOWN_EX, &ex);
		if (r < 0) return r;
		if (ex.type == LX_F_OWNER_TID)
			ex.pid = thread_guest_tid(ex.pid);
		else
			ex.pid = to_guest(ex.pid, 0);
		if (cmd == LX_F_GETOWN_EX) {
			*(struct lx_f_owner_ex *)arg = ex;
			return 0;
		}
		return ex.type == LX_F_OWNER_PGRP ? -ex.pid : ex.pid;
	}
}

/* One id (LAMINA_PEER_*) of a peer or a message's sender, as the host
 * gave it (cred, with its host pid), in the container's terms: every guest
 * is the host's user there, so the kernel names the container's live
 * processes by host pid (a server's peer check, PostgreSQL's, or a
 * syslogd's trust reads them); a datagram it sent for a guest carries
 * that guest's ids with the kernel's own pid. sock: the socket whose
 * SO_PEERCRED these are (or -1): for a connection the kernel made, the ids
 * its guest connected with, as Linux keeps them (the guest may be gone,
 * and its pid then names no one). The caller itself is asked for by its
 * guest pid. */
static long peer_id(const struct lx_ucred *cred, int host_pid, int which, long sock)
{
	long sent = which == LAMINA_PEER_EUID || which == LAMINA_PEER_RUID ? cred->uid : cred->gid;
	if (host_pid > 0 && host_pid != host_syscall0(__NR_getpid))
		return ask_with_socket(LAMINA_OP_PEER_ID, sent, which, host_pid, sock);
	return cred->pid > 0 ? route_simple(LAMINA_OP_PEER_ID, cred->pid, which) : -ESRCH;
}

/* An id of a process the kernel does not name (another container's, one
 * gone, whose host pid another may have taken since, the host's): the
 * host's user, which every guest is and which is root in a container, as
 * the overflow id. */
static unsigned outside_id(unsigned id, unsigned host_id)
{
	return id == host_id ? LAMINA_OVERFLOW_ID : id;
}

static void ids_to_guest(struct lx_ucred *cred, long sock, int host_pid, int uid_kind, int gid_kind)
{
	long uid = peer_id(cred, host_pid, uid_kind, sock);
	long gid = peer_id(cred, host_pid, gid_kind, sock);
	cred->uid = uid >= 0 ? (unsigned)uid : outside_id(cred->uid, process.host_uid);
	cred->gid = gid >= 0 ? (unsigned)gid : outside_id(cred->gid, process.host_gid);
}

long host_pids_peercred(const long a[6])
{
	long r = host_syscall5(__NR_getsockopt, a[0], a[1], a[2], a[3], a[4]);
	struct lx_ucred *cred = (struct lx_ucred *)a[3];
	const int *len = (const int *)a[4];
	if (r == 0 && cred && len && *len >= (int)sizeof *cred) {
		int host_pid = cred->pid;
		cred->pid = peer_to_guest(host_pid, a[0]);
		ids_to_guest(cred, a[0], host_pid, LAMINA_PEER_EUID, LAMINA_PEER_EGID);
	}
	return r;
}

void host_pids_credentials(struct lx_ucred *cred)
{
	int host_pid = cred->pid;
	cred->pid = to_guest(host_pid, 0);
	/* the sender's real ids, as Linux takes them at the send (scm_send) */
	ids_to_guest(cred, -1, host_pid, LAMINA_PEER_RUID, LAMINA_PEER_RGID);
}

void host_pids_siginfo(int sig, struct lx_siginfo_child *info)
{
	/* sigqueue's pid and uid are its caller's own word (rt_sigqueueinfo is
	 * made natively, and Linux keeps what it was given): the guest's view. */
	if (info->code == LX_SI_QUEUE) return;
	int sent = info->code == LX_SI_USER || info->code == LX_SI_MESGQ || info->code == LX_SI_TKILL;
	if (!sent && !(sig == LX_SIGCHLD && info->code > 0)) return;
	/* Signals held meanwhile: one arriving during the round trip would be
	 * deferred, and raised again after this handler's guest handler ran. */
	uint64_t mask;
	signals_block_all(&mask);
	info->pid = to_guest(info->pid, sent ? sig : 0);
	signals_restore(&mask);
	info->uid = (int)to_guest_id((unsigned)info->uid, process.host_uid);
}

long host_pids_timer_create(long clock, const void *event, void *timer)
{
	if ((clock = host_pids_clock(clock)) == -EINVAL) return -EINVAL;
	unsigned char ev[LX_SIGEVENT_SIZE];
	if (!event) return host_syscall3(__NR_timer_create, clock, 0, timer);
	if (guest_copy(ev, event, sizeof ev)) return -EFAULT;
	int notify, tid;
	memcpy(&notify, ev + LX_SIGEV_NOTIFY, sizeof notify);
	if (notify & LX_SIGEV_THREAD_ID) {
		memcpy(&tid, ev + LX_SIGEV_TID, sizeof tid);
		/* musl's and glibc's SIGEV_THREAD timers name their helper thread */
		if (!(tid = thread_host_tid(tid))) return -EINVAL;
		memcpy(ev + LX_SIGEV_TID, &tid, sizeof tid);
	}
	return host_syscall3(__NR_timer_create, clock, ev, timer);
}
