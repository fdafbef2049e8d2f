/* Linux ABI values and layouts the C parts of Lamina need and that Linux's
 * uapi headers do not export. Everything else comes from <asm/...> and
 * <linux/...> (syscall numbers, errno values, open flags). */
#ifndef LAMINA_LINUX_ABI_H
#define LAMINA_LINUX_ABI_H

#include <stdint.h>

/* sockets (include/linux/socket.h) */
#define LX_AF_UNIX 1
#define LX_SOCK_STREAM 1
#define LX_SOCK_DGRAM 2
#define LX_SOCK_RAW 3
#define LX_SOCK_SEQPACKET 5
#define LX_SOCK_TYPE_MASK 0xf
#define LX_SOCK_CLOEXEC 02000000
#define LX_SOCK_NONBLOCK 04000
#define LX_AF_UNSPEC 0
#define LX_SHUT_WR 1
#define LX_SHUT_RDWR 2
#define LX_SOL_SOCKET 1
#define LX_SCM_RIGHTS 1
#define LX_SCM_CREDENTIALS 2
#define LX_MSG_CTRUNC 0x8
#define LX_MSG_TRUNC 0x20
#define LX_MSG_DONTWAIT 0x40
#define LX_MSG_NOSIGNAL 0x4000
#define LX_MSG_CMSG_CLOEXEC 0x40000000
#define LX_AF_NETLINK 16
#define LX_SOL_NETLINK 270
/* netlink (linux/netlink.h): the routing protocol, and struct sockaddr_nl
 * (family, padding, port id, groups) */
#define LX_NETLINK_ROUTE 0
#define LX_NETLINK_AUDIT 9
/* families guest code may not open: socket diagnostics list the host's
 * sockets, device events are the host's devices; vsock reaches the VM's host */
#define LX_NETLINK_SOCK_DIAG 4
#define LX_NETLINK_KOBJECT_UEVENT 15
#define LX_AF_VSOCK 40
#define LX_SOCKADDR_NL_SIZE 12

struct lx_iovec {
	void *base;
	unsigned long len;
};

struct lx_msghdr {
	void *name;
	int namelen;
	struct lx_iovec *iov;
	unsigned long iovlen;
	void *control;
	unsigned long controllen;
	unsigned flags;
};

/* struct sockaddr_un */
#define LX_SUN_PATH_MAX 108
struct lx_sockaddr_un {
	unsigned short family;
	char path[LX_SUN_PATH_MAX];
};

/* struct sockaddr_in and sockaddr_in6 (linux/in.h, linux/in6.h): the
 * family, the port (big-endian), then the address */
#define LX_AF_INET 2
#define LX_AF_INET6 10
#define LX_SOCKADDR_IN_ADDR 4
#define LX_SOCKADDR_IN6_ADDR 8
#define LX_SOCKADDR_IN_SIZE 16
#define LX_SOCKADDR_IN6_SIZE 28
#define LX_IPPROTO_ICMP 1
#define LX_IPPROTO_TCP 6
/* struct sockaddr_storage: the longest address a socket call takes */
#define LX_SOCKADDR_MAX 128

/* struct ifreq (linux/if.h): the interface's name, then the answer; and
 * the interface ioctls that read one (SIOCGIF*), which a container with
 * addresses of its own answers from the kernel */
#define LX_IFREQ_SIZE 40
#define LX_IFNAMSIZ 16
#define LX_SIOCGIFFLAGS 0x8913
#define LX_SIOCGIFADDR 0x8915
#define LX_SIOCGIFDSTADDR 0x8917
#define LX_SIOCGIFBRDADDR 0x8919
#define LX_SIOCGIFNETMASK 0x891b
#define LX_SIOCGIFMETRIC 0x891d
#define LX_SIOCGIFMTU 0x8921
#define LX_SIOCGIFHWADDR 0x8927
#define LX_SIOCGIFINDEX 0x8933
#define LX_SIOCGIFTXQLEN 0x8942
#define LX_SIOCGIFCONF 0x8912
/* struct ifconf: the buffer's length, then the buffer; and how many
 * interfaces the kernel lists at most */
struct lx_ifconf {
	int len;
	void *buf;
};
#define LX_IFCONF_MAX 8

/* struct mmsghdr: a msghdr and the length sent */
#define LX_MMSGHDR_SIZE 64
struct lx_mmsghdr {
	struct lx_msghdr hdr;
	unsigned len;
};
_Static_assert(sizeof(struct lx_msghdr) == 56 && sizeof(struct lx_mmsghdr) == LX_MMSGHDR_SIZE, "msghdr and mmsghdr on 64-bit Linux");
/* The most messages (and iovecs) one call takes (UIO_MAXIOV) */
#define LX_UIO_MAXIOV 1024

/* One cmsghdr carrying one or two fds (CMSG_SPACE(2 * sizeof(int))). */
struct lx_cmsg_fd {
	unsigned long len;
	int level;
	int type;
	int fds[2];
};
#define LX_CMSG_HEADER (sizeof(unsigned long) + 2 * sizeof(int))
#define LX_CMSG_LEN_ONE_FD (LX_CMSG_HEADER + sizeof(int))

/* signals (the kernel's struct sigaction on x86-64) */
#define LX_NSIG 64
#define LX_SA_RESTORER 0x04000000
struct lx_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};
#define LX_SIG_BLOCK 0
#define LX_SIG_UNBLOCK 1
/* A kernel-internal errno no call returns: held_call.S's "not made" (-513 there). */
#define LX_ERESTARTNOINTR 513
/* The kernel's answer for a call a signal ended (a FIFO's open): made again
 * after the handler if it has SA_RESTART, else EINTR (route_call). */
#define LX_ERESTARTSYS 512
#define LX_SIG_SETMASK 2

#define LX_SS_ONSTACK 1
#define LX_SS_DISABLE 2
#define LX_SS_AUTODISARM (1u << 31)
#define LX_MINSIGSTKSZ 2048
/* stack_t (sigaltstack, uc_stack) */
struct lx_stack {
	void *sp;
	int flags;
	unsigned long size;
};
/* The signal frame's layout is the guest architecture's: lkl-linux's
 * src/arch/ARCH/arch.h. */

/* siginfo_t as waitid fills it in (SIGCHLD fields); a signal a process sent
 * (kill, sigqueue, tgkill) has its pid and uid at the same places */
struct lx_siginfo_child {
	int signo, errno_, code, pad;
	int pid, uid, status;
};
#define LX_SIGINFO_SIZE 128
/* siginfo_t of a memory fault (SIGSEGV) */
struct lx_siginfo_fault {
	int signo, errno_, code, pad;
	void *addr;
};
#define LX_SEGV_ACCERR 2
#define LX_SI_USER 0
#define LX_SI_QUEUE (-1)
#define LX_SI_MESGQ (-3)
#define LX_SI_TKILL (-6)

/* struct flock on x86-64 (fcntl F_GETLK) */
struct lx_flock {
	short type, whence;
	long start, len;
	int pid;
};
#define LX_F_GETLK 5
#define LX_F_DUPFD 0
#define LX_F_DUPFD_CLOEXEC 1030
#define LX_F_UNLCK 2
/* leases: served as with fs.leases-enable 0 (container_filter.c) */
#define LX_F_SETLEASE 1024
/* fcntl's SIGIO owner: a pid, a group as -pgid, or by type (struct f_owner_ex) */
#define LX_F_SETOWN 8
#define LX_F_GETOWN 9
#define LX_F_SETOWN_EX 15
#define LX_F_GETOWN_EX 16
#define LX_F_OWNER_TID 0
#define LX_F_OWNER_PGRP 2
struct lx_f_owner_ex {
	int type;
	int pid;
};

/* struct sigevent (timer_create): whom a timer notifies; a SIGEV_THREAD_ID
 * one names a thread of the caller's process */
#define LX_SIGEVENT_SIZE 64
#define LX_SIGEV_NOTIFY 12
#define LX_SIGEV_TID 16
#define LX_SIGEV_THREAD_ID 4

/* struct ucred (getsockopt SO_PEERCRED) */
struct lx_ucred {
	int pid;
	unsigned uid, gid;
};
#define LX_SO_PEERCRED 17
/* socket filters: a value that points at a program (or names one), not a plain one */
#define LX_SO_ATTACH_FILTER 26
#define LX_SO_ATTACH_BPF 50
#define LX_SO_ATTACH_REUSEPORT_CBPF 51
#define LX_SO_ATTACH_REUSEPORT_EBPF 52
#define LX_SO_FILTER(name) ((name) == LX_SO_ATTACH_FILTER || (name) == LX_SO_ATTACH_BPF || \
                            (name) == LX_SO_ATTACH_REUSEPORT_CBPF || (name) == LX_SO_ATTACH_REUSEPORT_EBPF)

/* System V IPC's structs as the channel carries them (x86-64's 64-bit
 * forms: kernel/abi/Layouts.java). Only semid64_ds differs on aarch64,
 * whose times have no padding after them (sysv_ipc.c moves them). */
#define LX_IPC_PERM_SIZE 48
#define LX_SHMID_DS_SIZE 112
#define LX_SHMINFO_SIZE 72
#define LX_SHM_INFO_SIZE 48
#define LX_SEMID_DS_SIZE 104
#define LX_SEMID_OTIME 48
#define LX_SEMID_CTIME 64
#define LX_SEMID_NSEMS 80
#define LX_SEMINFO_SIZE 40
#define LX_SEMBUF_SIZE 6
#define LX_MSQID_DS_SIZE 120
#define LX_MSGINFO_SIZE 32

/* siginfo_t of a SIGSYS from Syscall User Dispatch */
#define LX_SYS_SECCOMP 1 /* si_code of a SIGSYS from a seccomp filter's SECCOMP_RET_TRAP */
#define LX_SYS_USER_DISPATCH 2 /* si_code of a SIGSYS from Syscall User Dispatch */
#define LX_SIGINFO_SIZE 128
struct lx_siginfo_sys {
	int signo, errno_, code, pad;
	void *call_addr;
	int syscall;
	unsigned arch;
};

/* struct stat on x86-64 */
#define LX_STAT_SIZE 144
#define LX_STAT_UID 28
#define LX_STAT_GID 32
#define LX_STATFS_SIZE 120
#define LX_UTSNAME_SIZE 390
#define LX_STATX_SIZE 256
#define LX_STATX_UID 20
#define LX_STATX_GID 24
#define LX_STATX_NLINK 16
#define LX_STATX_MODE 28
#define LX_STATX_INO 32
#define LX_STATX_BYTES 40 /* stx_size */
#define LX_STATX_BLOCKS 48
#define LX_STATX_DEV_MAJOR 136
#define LX_STATX_DEV_MINOR 140
/* A dev_t's major and minor numbers (Linux's encoding, kdev_t.h's huge_encode_dev undone) */
#define LX_DEV_MAJOR(d) ((((d) >> 8) & 0xfff) | (((d) >> 32) & ~0xfffu))
#define LX_DEV_MINOR(d) (((d) & 0xff) | (((d) >> 12) & ~0xffu))
#define LX_TIMESPEC_PAIR_SIZE 32

/* The last syscall of the uapi headers the build uses (Linux 6.1): newer
 * ones run only when lkl-common/syscalls.tbl knows them. */
#define LX_NR_UAPI_MAX 450
/* Calls newer than those headers that the container filter refuses to guest
 * code (container_filter.c); the route table checks them against
 * lkl-common/syscalls.tbl at build time. */
#define LX_NR_fchmodat2 452
#define LX_NR_setxattrat 463
#define LX_NR_getxattrat 464
#define LX_NR_listxattrat 465
#define LX_NR_removexattrat 466
#define LX_NR_statmount 457
#define LX_NR_listmount 458
#define LX_NR_file_getattr 468
#define LX_NR_file_setattr 469

/* ioctls that set inode flags (chattr) and project attributes */
#define LX_FS_IOC_SETFLAGS 0x40086602
#define LX_FS_IOC32_SETFLAGS 0x40046602
#define LX_FS_IOC_FSSETXATTR 0x401c5820
/* ioctls that change a file through a descriptor open for reading only: an
 * inode's generation (ext4's old number too), its block map (ext4), its
 * encryption policy or key, fs-verity (which makes it read-only for good) */
#define LX_FS_IOC_SETVERSION 0x40087602
#define LX_FS_IOC32_SETVERSION 0x40047602
#define LX_EXT4_IOC_SETVERSION_OLD 0x40086604 /* ext4's own, not in the uapi headers */
#define LX_EXT4_IOC_MIGRATE 0x6609
#define LX_FS_IOC_SET_ENCRYPTION_POLICY 0x800c6613
#define LX_FS_IOC_ADD_ENCRYPTION_KEY 0xc0506617
#define LX_FS_IOC_ENABLE_VERITY 0x40806685

/* Landlock: Debian 12's <linux/landlock.h> stops at ABI 2 (file system
 * rights up to REFER, a ruleset attribute without network or scope
 * fields); these are what ABI 3 to 7 added. */
#define LX_LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)  /* ABI 3 */
#define LX_LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define LX_LANDLOCK_RULE_NET_PORT 2                   /* ABI 4 */
#define LX_LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LX_LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define LX_LANDLOCK_ABI_SCOPES 6 /* the first ABI with scopes */
#define LX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LX_LANDLOCK_SCOPE_SIGNAL (1ULL << 1)

struct lx_landlock_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};
_Static_assert(sizeof(struct lx_landlock_ruleset_attr) == 24, "landlock_ruleset_attr as of ABI 6");

struct lx_landlock_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};
_Static_assert(sizeof(struct lx_landlock_net_port_attr) == 16, "landlock_net_port_attr");

/* misc */
#define LX_AT_FDCWD (-100)
/* open flags whose bits aarch64 has elsewhere (guest_abi.h) */
#define LX_O_DIRECT 040000
#define LX_O_LARGEFILE 0100000
#define LX_O_DIRECTORY 0200000
#define LX_O_NOFOLLOW 0400000
#define LX_AT_EMPTY_PATH 0x1000
/* close_range's flag (linux/close_range.h) */
#define LX_CLOSE_RANGE_CLOEXEC 4
#define LX_AT_SYMLINK_NOFOLLOW 0x100
#define LX_ARCH_SET_GS 0x1001
#define LX_ARCH_GET_GS 0x1004
#define LX_F_SETFD 2
#define LX_PR_SET_CHILD_SUBREAPER 36
#define LX_SIGCHLD 17
/* A CPU-time clock id: ~pid << 3, which clock in the low bits, a thread's with this bit. */
#define LX_CPUCLOCK_PERTHREAD 4
#define LX_CPUCLOCK_WHICH 7
#define LX_CLONE_VM 0x00000100
#define LX_CLONE_FS 0x00000200
#define LX_CLONE_PIDFD 0x00001000
#define LX_CLONE_VFORK 0x00004000
#define LX_CLONE_THREAD 0x00010000
#define LX_CLONE_SETTLS 0x00080000
#define LX_CLONE_PARENT_SETTID 0x00100000
#define LX_CLONE_CHILD_CLEARTID 0x00200000
#define LX_CLONE_CHILD_SETTID 0x01000000
/* the namespace flags (unshare's too; CLONE_NEWTIME is unshare's and clone3's only) */
#define LX_CLONE_NEWTIME 0x00000080
#define LX_CLONE_NEWNS 0x00020000
#define LX_CLONE_NEWCGROUP 0x02000000
#define LX_CLONE_NEWUTS 0x04000000
#define LX_CLONE_NEWIPC 0x08000000
#define LX_CLONE_NEWUSER 0x10000000
#define LX_CLONE_NEWPID 0x20000000
#define LX_CLONE_NEWNET 0x40000000
#define LX_CLONE_NS (LX_CLONE_NEWNS | LX_CLONE_NEWCGROUP | LX_CLONE_NEWUTS | LX_CLONE_NEWIPC | LX_CLONE_NEWUSER | \
                     LX_CLONE_NEWPID | LX_CLONE_NEWNET)
#define LX_SIGILL 4
#define LX_SIGTRAP 5
#define LX_SIGBUS 7
#define LX_SIGFPE 8
#define LX_SIGKILL 9
#define LX_SIGSEGV 11
#define LX_SIGCONT 18
#define LX_SIGSTOP 19
#define LX_SIGURG 23
#define LX_SIGWINCH 28
#define LX_SIGSYS 31
/* ioctl PIDFD_GET_INFO (Linux 6.13) with the first size of struct pidfd_info, 64 bytes */
#define LX_PIDFD_GET_INFO 0xC040FF0BUL
#define LX_P_PID 1
#define LX_P_PGID 2
#define LX_P_PIDFD 3
#define LX_WNOHANG 1
#define LX_WEXITED 4
#define LX_WNOWAIT 0x01000000
/* siginfo's si_code for SIGCHLD: a child that has not ended */
#define LX_CLD_TRAPPED 4
#define LX_CLD_STOPPED 5
#define LX_CLD_CONTINUED 6
#define LX_PRIO_PROCESS 0
#define LX_PRIO_PGRP 1
#define LX_PRIO_USER 2
#define LX_IOPRIO_WHO_PROCESS 1
#define LX_IOPRIO_WHO_PGRP 2
#define LX_IOPRIO_WHO_USER 3
/* struct sched_attr as first published, and as Linux 6.1 has it (SCHED_ATTR_SIZE_VER0, _VER1) */
#define LX_SCHED_ATTR_SIZE_VER0 48
#define LX_SCHED_ATTR_SIZE_VER1 56

/* terminal ioctls that carry a process or group id */
#define LX_TIOCSCTTY 0x540E
#define LX_TIOCGPGRP 0x540F
#define LX_TIOCSPGRP 0x5410
#define LX_TIOCSTI 0x5412
#define LX_TIOCLINUX 0x541c
#define LX_TIOCGSID 0x5429

#endif
