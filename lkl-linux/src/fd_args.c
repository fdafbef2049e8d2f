/* Which arguments of a guest call name a file descriptor. The init host's
 * own descriptors (thread channels, lifeline, process channel: from
 * LAMINA_FD_FIRST up) are refused with EBADF to every call that names one:
 * a guest that could write on a channel could forge the kernel's messages,
 * and one that could dup or pass one could do it from any fd number.
 * Routed calls say which arguments are fds in the route table (ARG_FD);
 * this table covers the calls that run locally. */
#include <asm/unistd.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "route.h"

#define A(i) (1u << (i))

static const uint8_t local_fd_args[ROUTE_TABLE_SIZE] = {
	/* data */
	[__NR_read] = A(0), [__NR_write] = A(0), [__NR_pread64] = A(0), [__NR_pwrite64] = A(0),
	[__NR_readv] = A(0), [__NR_writev] = A(0), [__NR_preadv] = A(0), [__NR_pwritev] = A(0),
	[__NR_preadv2] = A(0), [__NR_pwritev2] = A(0), [__NR_lseek] = A(0),
	[__NR_sendfile] = A(0) | A(1), [__NR_splice] = A(0) | A(2), [__NR_tee] = A(0) | A(1),
	[__NR_vmsplice] = A(0), [__NR_copy_file_range] = A(0) | A(2),
	/* the descriptor itself */
	[__NR_fstat] = A(0), [__NR_fstatfs] = A(0), [__NR_fcntl] = A(0), [__NR_ioctl] = A(0),
	[__NR_flock] = A(0), [__NR_close] = A(0), [__NR_dup] = A(0), [__NR_dup2] = A(0) | A(1), [__NR_dup3] = A(0) | A(1),
	[__NR_mmap] = A(4), [__NR_getdents] = A(0), [__NR_getdents64] = A(0),
	[__NR_fsync] = A(0), [__NR_fdatasync] = A(0), [__NR_syncfs] = A(0),
	[__NR_sync_file_range] = A(0), [__NR_ftruncate] = A(0), [__NR_fallocate] = A(0),
	[__NR_fadvise64] = A(0), [__NR_readahead] = A(0), [LX_NR_cachestat] = A(0),
	[__NR_fgetxattr] = A(0), [__NR_fsetxattr] = A(0), [__NR_flistxattr] = A(0),
	[__NR_fremovexattr] = A(0),
	/* sockets */
	[__NR_connect] = A(0), [__NR_accept] = A(0), [__NR_accept4] = A(0),
	[__NR_bind] = A(0), [__NR_listen] = A(0), [__NR_shutdown] = A(0),
	[__NR_sendto] = A(0), [__NR_recvfrom] = A(0), [__NR_sendmsg] = A(0), [__NR_recvmsg] = A(0),
	[__NR_sendmmsg] = A(0), [__NR_recvmmsg] = A(0), [__NR_getsockname] = A(0),
	[__NR_getpeername] = A(0), [__NR_getsockopt] = A(0), [__NR_setsockopt] = A(0),
	/* event descriptors */
	[__NR_epoll_ctl] = A(0) | A(2), [__NR_epoll_wait] = A(0), [__NR_epoll_pwait] = A(0),
	[__NR_epoll_pwait2] = A(0), [__NR_signalfd] = A(0), [__NR_signalfd4] = A(0),
	[__NR_timerfd_settime] = A(0), [__NR_timerfd_gettime] = A(0),
	[__NR_inotify_add_watch] = A(0), [__NR_inotify_rm_watch] = A(0), [__NR_fanotify_mark] = A(0),
	[__NR_mq_timedsend] = A(0), [__NR_mq_timedreceive] = A(0), [__NR_mq_notify] = A(0),
	[__NR_mq_getsetattr] = A(0), [__NR_io_uring_enter] = A(0), [__NR_io_uring_register] = A(0),
	/* other processes' descriptors: pidfd_getfd names one in the target,
	 * an init host like this one */
	[__NR_pidfd_send_signal] = A(0), [__NR_pidfd_getfd] = A(0) | A(1),
	[__NR_process_madvise] = A(0), [__NR_process_mrelease] = A(0), [__NR_setns] = A(0),
	[__NR_perf_event_open] = A(3),
	/* file systems and modules */
	[__NR_open_by_handle_at] = A(0), [__NR_fsconfig] = A(0), [__NR_fsmount] = A(0),
	[__NR_quotactl_fd] = A(0), [__NR_finit_module] = A(0), [__NR_kexec_file_load] = A(0) | A(1),
	[__NR_landlock_add_rule] = A(0), [__NR_landlock_restrict_self] = A(0),
};

/* Descriptors sent with SCM_RIGHTS: a copy would arrive at a number the
 * guest may use. */
static int control_names_reserved(const struct lx_msghdr *m)
{
	if (!m || !m->control) return 0;
	const char *c = m->control;
	for (unsigned long at = 0; at + LX_CMSG_HEADER <= m->controllen;) {
		const struct lx_cmsg_fd *h = (const void *)(c + at);
		if (h->len < LX_CMSG_HEADER || h->len > m->controllen - at) break;
		if (h->level == LX_SOL_SOCKET && h->type == LX_SCM_RIGHTS) {
			const int *fds = (const int *)(c + at + LX_CMSG_HEADER);
			for (unsigned long i = 0; i < (h->len - LX_CMSG_HEADER) / sizeof(int); i++)
				if (thread_fd_reserved(fds[i])) return 1;
		}
		at += (h->len + sizeof(long) - 1) & ~(sizeof(long) - 1);
	}
	return 0;
}

int fd_args_reserved(long nr, const long a[6])
{
	if ((unsigned long)nr >= ROUTE_TABLE_SIZE) return 0;
	unsigned mask = local_fd_args[nr];
	for (int i = 0; i < 6 && route_table[nr].routed; i++)
		if (route_table[nr].kind[i] == ARG_FD) mask |= A(i);
	for (int i = 0; i < 6; i++)
		if ((mask & A(i)) && thread_fd_reserved((int)a[i])) return 1;
	if (nr == __NR_sendmsg) return control_names_reserved((const void *)a[1]);
	/* Linux sends at most UIO_MAXIOV messages per call */
	if (nr == __NR_sendmmsg)
		for (long i = 0; a[1] && i < (unsigned)a[2] && i < 1024; i++)
			if (control_names_reserved((const void *)((const char *)a[1] + i * LX_MMSGHDR_SIZE))) return 1;
	return 0;
}
