/* The container's seccomp filter: what guest code may not ask of the host
 * itself, installed by the zygote for every container (zygote.c).
 * Changes to a file's metadata go through the Lamina kernel only. chmod,
 * chown, utimes, extended attributes and inode flags need no write access
 * to a descriptor, and Landlock has no right for them: guest code calling
 * them itself on a descriptor the kernel handed out (a file shared with the
 * image, read-only) or on one of the installation's files (Landlock lets
 * the container read those) would change the image store or Lamina itself.
 * musl+ routes all of them to the kernel, which copies up and decides, so
 * the init host never makes them: a seccomp filter refuses them (EPERM) to
 * every process of the container, with io_uring (whose operations no
 * dispatcher sees) and the x32 ABI's numbers. It also refuses guest code
 * AF_UNIX sockets of its own and datagram pairs: unconnected stream and
 * seqpacket sockets would connect to host paths Landlock cannot close
 * (unix_socket.c), and a datagram socket sends to any path (unix_dgram.c).
 * And POSIX message queues: without an IPC namespace, a queue's name is the
 * host's (any process's queue opened or removed by name); musl+'s calls get
 * ENOSYS, as from a kernel without them (syscalls.tbl). System V IPC, which
 * the kernel's namespace serves (sysv_ipc.c). And new namespaces (unshare
 * or clone with a CLONE_NEW* flag: EPERM, as Docker's default profile
 * answers; clone3, whose flags no filter can read: ENOSYS, on which libcs
 * fall back to clone): an unprivileged user namespace would give guest code
 * capabilities there, and a network namespace a stack of its own. And the
 * calls that reach another process's memory, descriptors or samples
 * (ptrace, process_vm_readv and process_vm_writev, pidfd_getfd, kcmp,
 * perf_event_open, move_pages, migrate_pages): every process of the
 * container is the same host user, so the host would let a container user
 * read and write the memory of the container's root processes; Docker's
 * default profile refuses kcmp, perf_event_open and move_pages too (EPERM;
 * musl+'s ptrace is ENOSYS, as the kernel serves no tracing). And prctl's PR_SET_MM, whose
 * PR_SET_MM_MAP needs no capability and moves the start of the stack, which
 * proves an exec to the kernel (ProcessSyscalls.execPlan). And the key
 * calls (add_key, request_key, keyctl): keys are not namespaced, so the host
 * user's keyrings, which its other processes and every container share,
 * would be the container's (Docker's default profile refuses them too).
 * And what guest code would reach of the host by itself (the forty-third
 * session's review): inotify and fanotify marks on host paths (musl+'s
 * watches the kernel makes, on the file the container names), the host's
 * mounts (statmount, listmount), eBPF, sockets of the host's (socket
 * diagnostics, device events, vsock), leases (the host takes the host user
 * for every file's owner, and a lease on an image file shared by every
 * container of the image held up each of their opens for 45 s: served as
 * with fs.leases-enable 0), the ioctls that change a file through a
 * descriptor open for reading (its generation, its block map, encryption,
 * fs-verity), and typing into a terminal (TIOCSTI, TIOCLINUX), which musl+
 * refuses too. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <asm/ioctls.h>
#include <linux/audit.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/fscrypt.h>
#include <linux/fsverity.h>
#include <linux/netlink.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <lamina/linux_abi.h>
#include "host_syscall.h"
#include "container_filter.h"
#include "util.h"

static const unsigned refused_calls[] = {
	__NR_fchmod, __NR_fchmodat, LX_NR_fchmodat2,
	__NR_fchown, __NR_fchownat,
	__NR_utimensat,
#ifdef __NR_chmod /* the older calls, which aarch64's table lacks */
	__NR_chmod, __NR_chown, __NR_lchown, __NR_utime, __NR_utimes, __NR_futimesat,
#endif
	__NR_setxattr, __NR_lsetxattr, __NR_fsetxattr, __NR_removexattr, __NR_lremovexattr, __NR_fremovexattr,
	LX_NR_setxattrat, LX_NR_getxattrat, LX_NR_listxattrat, LX_NR_removexattrat,
	LX_NR_file_getattr, LX_NR_file_setattr, __NR_io_uring_setup,
	__NR_mq_open, __NR_mq_unlink,
	/* System V IPC: the host's namespace is not the container's (sysv_ipc.c) */
	__NR_shmget, __NR_shmat, __NR_shmdt, __NR_shmctl, __NR_semget, __NR_semop, __NR_semtimedop, __NR_semctl,
	__NR_msgget, __NR_msgsnd, __NR_msgrcv, __NR_msgctl,
	/* other processes' memory, descriptors and samples */
	__NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev, __NR_pidfd_getfd, __NR_kcmp,
	__NR_perf_event_open, __NR_move_pages, __NR_migrate_pages,
	/* the host user's keyrings */
	__NR_add_key, __NR_request_key, __NR_keyctl,
	/* the host's files watched, its mounts listed, eBPF */
	__NR_inotify_add_watch, __NR_fanotify_init, __NR_fanotify_mark, LX_NR_statmount, LX_NR_listmount, __NR_bpf,
};

/* Inode flags (chattr) and project attributes; what else a descriptor open
 * for reading changes (the owner may, and the host user owns every file);
 * typing into a terminal. */
static const unsigned refused_ioctls[] = {
	LX_FS_IOC_SETFLAGS, LX_FS_IOC32_SETFLAGS, LX_FS_IOC_FSSETXATTR,
	LX_FS_IOC_SETVERSION, LX_FS_IOC32_SETVERSION, LX_EXT4_IOC_SETVERSION_OLD, LX_EXT4_IOC_MIGRATE,
	LX_FS_IOC_SET_ENCRYPTION_POLICY, LX_FS_IOC_ADD_ENCRYPTION_KEY, LX_FS_IOC_ENABLE_VERITY,
	LX_TIOCSTI, LX_TIOCLINUX,
};
_Static_assert(LX_FS_IOC_SETVERSION == FS_IOC_SETVERSION && LX_FS_IOC32_SETVERSION == FS_IOC32_SETVERSION, "setversion");
_Static_assert(LX_FS_IOC_SET_ENCRYPTION_POLICY == FS_IOC_SET_ENCRYPTION_POLICY, "fscrypt policy");
_Static_assert(LX_FS_IOC_ADD_ENCRYPTION_KEY == FS_IOC_ADD_ENCRYPTION_KEY, "fscrypt key");
_Static_assert(LX_FS_IOC_ENABLE_VERITY == FS_IOC_ENABLE_VERITY, "fs-verity");
_Static_assert(LX_TIOCSTI == TIOCSTI && LX_TIOCLINUX == TIOCLINUX, "terminal ioctls");
_Static_assert(LX_FS_IOC_SETFLAGS == FS_IOC_SETFLAGS && LX_FS_IOC32_SETFLAGS == FS_IOC32_SETFLAGS, "setflags");
_Static_assert(LX_FS_IOC_FSSETXATTR == FS_IOC_FSSETXATTR, "fssetxattr");
_Static_assert(LX_F_SETLEASE == F_SETLEASE, "F_SETLEASE");
_Static_assert(LX_NETLINK_SOCK_DIAG == NETLINK_SOCK_DIAG && LX_NETLINK_KOBJECT_UEVENT == NETLINK_KOBJECT_UEVENT, "netlink");

#define NCALLS (sizeof refused_calls / sizeof refused_calls[0])
#define NIOCTLS (sizeof refused_ioctls / sizeof refused_ioctls[0])
/* Numbers a leaf of the search compares one by one. */
#define LEAF 3
/* The prelude with a jump to each part, the search (fewer than two jumps
 * per number besides its own), the ioctl, socket, socketpair, fcntl,
 * prctl, unshare and clone parts, the three returns. */
_Static_assert(13 + 3 * NCALLS + 2 + NIOCTLS + 8 + 6 + 3 + 3 + 3 + 3 + 3 <= CONTAINER_FILTER_MAX, "room for the filter");
_Static_assert(CONTAINER_FILTER_MAX < 256, "jumps are 8 bits");

int container_filter_present(void)
{
	/* EBADF without the filter, which refuses the call before it looks at the descriptor */
	return host_syscall2(__NR_fchmod, -1, 0) == -EPERM;
}

const unsigned *container_filter_calls(unsigned *n)
{
	*n = NCALLS;
	return refused_calls;
}

const unsigned *container_filter_ioctls(unsigned *n)
{
	*n = NIOCTLS;
	return refused_ioctls;
}

/* A filter being written: where it is, and the jumps to deny and to allow,
 * patched once their targets are placed. */
struct filter {
	struct sock_filter *f;
	unsigned n, ndeny, nallow;
	unsigned deny[NCALLS + NIOCTLS + 9], allow[NCALLS + 8];
};

static uint8_t offset(unsigned from, unsigned to) { return (uint8_t)(to - from - 1); }

static void deny_if(struct filter *b, unsigned k)
{
	b->deny[b->ndeny++] = b->n;
	b->f[b->n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 0);
}

static void deny_if_any(struct filter *b, unsigned bits)
{
	b->deny[b->ndeny++] = b->n;
	b->f[b->n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, bits, 0, 0);
}

static void to_allow(struct filter *b)
{
	b->allow[b->nallow++] = b->n;
	b->f[b->n++] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0);
}

/* The part of call nr, which the prelude's jump at jumps to: here, with
 * the call's argument arg loaded. */
static void part(struct filter *b, unsigned at, unsigned nr, unsigned arg)
{
	b->f[at] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, offset(at, b->n), 0);
	b->f[b->n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                            __builtin_offsetof(struct seccomp_data, args[0]) + 8 * arg);
}

/* A balanced search of nrs[lo, hi) (sorted): a listed number goes to deny,
 * any other to allow. The kernel walks the filter for every syscall number
 * when it is installed (to cache the calls it always allows), so the walk's
 * length is the filter's cost on every container start: a list compared
 * in turn cost twice this search's. */
static void search(struct filter *b, const unsigned *nrs, unsigned lo, unsigned hi)
{
	if (hi - lo <= LEAF) {
		for (unsigned i = lo; i < hi; i++) deny_if(b, nrs[i]);
		to_allow(b);
		return;
	}
	unsigned mid = lo + (hi - lo) / 2, node = b->n++;
	search(b, nrs, lo, mid);
	b->f[node] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, nrs[mid], offset(node, b->n), 0);
	search(b, nrs, mid, hi);
}

unsigned container_filter_build(struct sock_filter f[CONTAINER_FILTER_MAX])
{
	unsigned nrs[NCALLS];
	for (unsigned i = 0; i < NCALLS; i++) { /* insertion sort: the list is short */
		unsigned v = refused_calls[i], j = i;
		for (; j > 0 && nrs[j - 1] > v; j--) nrs[j] = nrs[j - 1];
		nrs[j] = v;
	}
	struct filter b = { .f = f };
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, arch));
	f[b.n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_SELF, 1, 0);
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, nr));
	unsigned x32 = b.n++, ioctl = b.n++, sock = b.n++, pair = b.n++, fcntl = b.n++, unshare = b.n++, clone = b.n++,
	         clone3 = b.n++, prctl = b.n++;
	search(&b, nrs, 0, NCALLS);
	part(&b, fcntl, __NR_fcntl, 1);
	deny_if(&b, LX_F_SETLEASE);
	to_allow(&b);
	part(&b, prctl, __NR_prctl, 0);
	deny_if(&b, PR_SET_MM);
	to_allow(&b);
	part(&b, unshare, __NR_unshare, 0);
	deny_if_any(&b, LX_CLONE_NS | LX_CLONE_NEWTIME); /* clone's low byte is its exit signal */
	to_allow(&b);
	part(&b, clone, __NR_clone, 0);
	deny_if_any(&b, LX_CLONE_NS);
	to_allow(&b);
	part(&b, ioctl, __NR_ioctl, 1);
	for (unsigned i = 0; i < NIOCTLS; i++) deny_if(&b, refused_ioctls[i]);
	to_allow(&b);
	part(&b, sock, __NR_socket, 0);
	deny_if(&b, LX_AF_UNIX);
	deny_if(&b, LX_AF_VSOCK);
	f[b.n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LX_AF_NETLINK, 0, 0);
	b.allow[b.nallow++] = b.n++; /* its false branch */
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, args[2]));
	deny_if(&b, LX_NETLINK_SOCK_DIAG);
	deny_if(&b, LX_NETLINK_KOBJECT_UEVENT);
	to_allow(&b);
	part(&b, pair, __NR_socketpair, 0);
	f[b.n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LX_AF_UNIX, 0, 0);
	b.allow[b.nallow++] = b.n++; /* its false branch */
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, __builtin_offsetof(struct seccomp_data, args[1]));
	f[b.n++] = (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, LX_SOCK_TYPE_MASK);
	deny_if(&b, LX_SOCK_DGRAM);
	unsigned allow = b.n++, deny = b.n++, deny_x32 = b.n++;
	f[allow] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[deny] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	f[deny_x32] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	f[x32] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, offset(x32, deny_x32), 0);
	f[clone3] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, offset(clone3, deny_x32), 0);
	for (unsigned i = 0; i < b.ndeny; i++) f[b.deny[i]].jt = offset(b.deny[i], deny);
	for (unsigned i = 0; i < b.nallow; i++) {
		struct sock_filter *j = &f[b.allow[i]];
		if (j->code == (BPF_JMP | BPF_JA)) j->k = offset(b.allow[i], allow);
		else j->jf = offset(b.allow[i], allow);
	}
	return b.n;
}

void container_filter_install(void)
{
	struct sock_filter f[CONTAINER_FILTER_MAX];
	struct sock_fprog prog = { (unsigned short)container_filter_build(f), f };
	/* Landlock set it already, unless the kernel has no Landlock. */
	host_syscall5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (host_syscall3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		print_error("lamina: cannot confine the container: the seccomp filter was refused", 0);
		host_exit(126);
	}
}
