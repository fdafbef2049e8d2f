/* System V IPC: shared memory segments, semaphores and message queues live
 * in the kernel, one namespace per container, as Docker gives each its own
 * IPC namespace (the host's would let a guest attach to, change and remove
 * every object of the host's user). Here each call becomes a
 * LAMINA_OP_IPC: the bytes it reads go along, the bytes it writes come
 * back. A segment is a memfd of the kernel's, which shmat maps. */
#include <asm/errno.h>
#include <linux/mman.h>
#include <linux/ipc.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/time_types.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "dispatch.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* The guest's own structs are the channel's, but for semid64_ds (moved by
 * sem_ds_to_guest). */
_Static_assert(sizeof(struct ipc64_perm) == LX_IPC_PERM_SIZE && sizeof(struct shmid64_ds) == LX_SHMID_DS_SIZE &&
               sizeof(struct msqid64_ds) == LX_MSQID_DS_SIZE && sizeof(struct sembuf) == LX_SEMBUF_SIZE &&
               sizeof(struct seminfo) == LX_SEMINFO_SIZE && sizeof(struct msginfo) == LX_MSGINFO_SIZE,
               "System V IPC's structs");

/* Linux's limits the init host checks before it copies anything are the
 * uapi's SEMMSL (a set's semaphores), SEMOPM (a semop's operations) and
 * MSGMAX (a message); the kernel's namespace holds the same
 * (kernel/ipc/IpcLimits.java). */
/* SHMLBA: a page on x86-64 and arm64 alike. */
#define IPC_SHMLBA 4096UL

/* One round trip: in[0..in_len) as the request's item (none when in is
 * NULL); the reply's item into out, at most cap bytes (guest memory may
 * take it: a fault is -EFAULT once the whole reply is read); its fd in *fd. */
static long ipc_call(int call, long a1, long a2, long a3, long a4, const void *in, uint32_t in_len,
                     void *out, size_t cap, int *fd)
{
	struct thread_state *t = route_begin();
	struct call *c = &t->call;
	long args[6] = { call, a1, a2, a3, a4, 0 };
	call_begin(c, t->channel, LAMINA_OP_IPC, args, in ? call_item_size(in_len) : 0);
	if (in) call_item(c, in, in_len);
	struct lamina_reply reply;
	int fds[2];
	long r = call_finish_fds(c, &reply, fds, 2);
	uint32_t left = r ? 0 : reply.size;
	long fault = 0;
	if (left) {
		long n = reply_item(c, out, cap, &left);
		if (n == -EFAULT || (n >= 0 && !out && cap)) fault = -EFAULT;
		else if (n < 0) r = n;
	}
	while (!r && left)
		if ((r = reply_item(c, 0, 0, &left)) > 0) r = 0;
	route_end(t);
	if (fds[1] >= 0) host_syscall1(__NR_close, fds[1]);
	if (fd) *fd = fds[0];
	else if (fds[0] >= 0) host_syscall1(__NR_close, fds[0]);
	if (r) return r;
	return fault && reply.ret >= 0 ? fault : reply.ret;
}

static long ipc_simple(int call, long a1, long a2, long a3, long a4)
{
	return ipc_call(call, a1, a2, a3, a4, 0, 0, 0, 0, 0);
}

/* A ctl that fills in a struct of the guest's. */
static long ctl_out(int call, long id, long cmd, void *buf, size_t size)
{
	return ipc_call(call, id, cmd, 0, 0, 0, 0, buf, size, 0);
}

/* A ctl that reads one (IPC_SET): copied first, as Linux does before it looks the object up. */
static long ctl_in(int call, long id, long cmd, const void *buf, uint32_t size)
{
	unsigned char ds[LX_MSQID_DS_SIZE]; /* the largest */
	if (size > sizeof ds || guest_copy(ds, buf, size)) return -EFAULT;
	return ipc_call(call, id, cmd, 0, 0, ds, size, 0, 0, 0);
}

static long shm_attach(long id, unsigned long addr, long flags)
{
	if (addr & (IPC_SHMLBA - 1)) {
		if (!(flags & SHM_RND)) return -EINVAL;
		addr &= ~(IPC_SHMLBA - 1);
		if (!addr && (flags & SHM_REMAP)) return -EINVAL;
	} else if (!addr && (flags & SHM_REMAP)) {
		return -EINVAL;
	}
	int fd = -1;
	fd_limit_lift(); /* the segment's descriptor is the init host's for a moment: a full table still attaches */
	long size = ipc_call(LAMINA_IPC_SHMAT, id, flags, 0, 0, 0, 0, 0, 0, &fd);
	fd_limit_drop();
	if (size < 0) return size;
	if (fd < 0) {
		ipc_simple(LAMINA_IPC_SHM_ATTACHED, id, 0, 0, 0); /* counted, but not mapped */
		return -EMFILE;
	}
	long prot = PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE) | (flags & SHM_EXEC ? PROT_EXEC : 0);
	long how = MAP_SHARED | (addr ? (flags & SHM_REMAP ? MAP_FIXED : MAP_FIXED_NOREPLACE) : 0);
	long at = host_syscall6(__NR_mmap, (long)addr, size, prot, how, fd, 0);
	host_syscall1(__NR_close, fd);
	if (at == -EEXIST) at = -EINVAL; /* Linux's shmat refuses a range in use without SHM_REMAP */
	/* The kernel counted the attachment when it handed out the segment: now it learns where, or that it failed. */
	long r = ipc_simple(LAMINA_IPC_SHM_ATTACHED, id, at < 0 ? 0 : at, 0, 0);
	if (at >= 0 && r < 0) {
		host_syscall2(__NR_munmap, at, size);
		return r;
	}
	return at;
}

static long shm_detach(long addr)
{
	long size = ipc_simple(LAMINA_IPC_SHMDT, addr, 0, 0, 0);
	if (size < 0) return size;
	host_syscall2(__NR_munmap, addr, size);
	return 0;
}

static long shm_control(long id, long cmd, void *buf)
{
	switch (cmd) {
	case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
		return ctl_out(LAMINA_IPC_SHMCTL, id, cmd, buf, LX_SHMID_DS_SIZE);
	case IPC_INFO:
		return ctl_out(LAMINA_IPC_SHMCTL, id, cmd, buf, LX_SHMINFO_SIZE);
	case SHM_INFO:
		return ctl_out(LAMINA_IPC_SHMCTL, id, cmd, buf, LX_SHM_INFO_SIZE);
	case IPC_SET:
		return ctl_in(LAMINA_IPC_SHMCTL, id, cmd, buf, LX_SHMID_DS_SIZE);
	case IPC_RMID: case SHM_LOCK: case SHM_UNLOCK:
		return ipc_simple(LAMINA_IPC_SHMCTL, id, cmd, 0, 0);
	default:
		return -EINVAL;
	}
}

/* In Linux's order of checks: the timeout read, the count, the operations read, the id, the timeout's value. */
static long sem_operate(long id, const void *sops, unsigned nsops, const struct __kernel_timespec *timeout)
{
	struct __kernel_timespec ts;
	if (timeout && guest_copy(&ts, timeout, sizeof ts)) return -EFAULT;
	if (nsops > SEMOPM) return -E2BIG;
	if (nsops < 1) return -EINVAL;
	uint32_t size = nsops * LX_SEMBUF_SIZE;
	if (guest_readable(sops, size)) return -EFAULT;
	if ((int)id < 0) return -EINVAL;
	long nanos = -1;
	if (timeout) {
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L) return -EINVAL;
		nanos = ts.tv_sec >= 9000000000L ? -1 : (long)(ts.tv_sec * 1000000000L + ts.tv_nsec); /* about 285 years: for ever */
	}
	return ipc_call(LAMINA_IPC_SEMTIMEDOP, id, nsops, nanos, 0, sops, size, 0, 0, 0);
}

/* The channel's semid64_ds (x86-64's) as the guest's architecture lays it out. */
static long sem_ds_to_guest(void *guest, const unsigned char *ds)
{
	struct semid64_ds g;
	memset(&g, 0, sizeof g);
	memcpy(&g.sem_perm, ds, LX_IPC_PERM_SIZE);
	memcpy(&g.sem_otime, ds + LX_SEMID_OTIME, sizeof g.sem_otime);
	memcpy(&g.sem_ctime, ds + LX_SEMID_CTIME, sizeof g.sem_ctime);
	memcpy(&g.sem_nsems, ds + LX_SEMID_NSEMS, sizeof g.sem_nsems);
	return guest_copy(guest, &g, sizeof g) ? -EFAULT : 0;
}

static long sem_control(long id, long num, long cmd, long arg)
{
	void *buf = (void *)arg;
	switch (cmd) {
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
		unsigned char ds[LX_SEMID_DS_SIZE];
		long r = ipc_call(LAMINA_IPC_SEMCTL, id, num, cmd, 0, 0, 0, ds, sizeof ds, 0);
		if (r < 0) return r;
		long fault = sem_ds_to_guest(buf, ds);
		return fault ? fault : r;
	}
	case IPC_SET: {
		struct semid64_ds g; /* only its ipc64_perm is read */
		if (guest_copy(&g, buf, sizeof g)) return -EFAULT;
		return ipc_call(LAMINA_IPC_SEMCTL, id, num, cmd, 0, &g.sem_perm, LX_IPC_PERM_SIZE, 0, 0, 0);
	}
	case IPC_INFO: case SEM_INFO:
		return ipc_call(LAMINA_IPC_SEMCTL, id, num, cmd, 0, 0, 0, buf, LX_SEMINFO_SIZE, 0);
	case GETALL:
		return ipc_call(LAMINA_IPC_SEMCTL, id, num, cmd, 0, 0, 0, buf, SEMMSL * 2, 0);
	case SETALL: {
		/* The array is as long as the set, which the kernel says first (asked without it). */
		long nsems = ipc_simple(LAMINA_IPC_SEMCTL, id, num, cmd, 0);
		if (nsems <= 0) return nsems;
		uint32_t size = (uint32_t)nsems * 2;
		if (guest_readable(buf, size)) return -EFAULT;
		return ipc_call(LAMINA_IPC_SEMCTL, id, num, cmd, 0, buf, size, 0, 0, 0);
	}
	case SETVAL:
		return ipc_simple(LAMINA_IPC_SEMCTL, id, num, cmd, (int)arg);
	case IPC_RMID: case GETVAL: case GETPID: case GETNCNT: case GETZCNT:
		return ipc_simple(LAMINA_IPC_SEMCTL, id, num, cmd, 0);
	default:
		return -EINVAL;
	}
}

static long msg_send(long id, const void *msg, long size, long flags)
{
	if (size < 0 || size > MSGMAX || (int)id < 0) return -EINVAL;
	uint32_t len = (uint32_t)(sizeof(long) + (unsigned long)size); /* the type, then the text */
	if (guest_readable(msg, len)) return -EFAULT;
	return ipc_call(LAMINA_IPC_MSGSND, id, size, flags, 0, msg, len, 0, 0, 0);
}

static long msg_receive(long id, void *msg, long size, long type, long flags)
{
	if (size < 0 || (int)id < 0) return -EINVAL;
	size_t cap = sizeof(long) + (size < MSGMAX ? (size_t)size : MSGMAX);
	return ipc_call(LAMINA_IPC_MSGRCV, id, size, type, flags, 0, 0, msg, cap, 0);
}

static long msg_control(long id, long cmd, void *buf)
{
	switch (cmd) {
	case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
		return ctl_out(LAMINA_IPC_MSGCTL, id, cmd, buf, LX_MSQID_DS_SIZE);
	case IPC_INFO: case MSG_INFO:
		return ctl_out(LAMINA_IPC_MSGCTL, id, cmd, buf, LX_MSGINFO_SIZE);
	case IPC_SET:
		return ctl_in(LAMINA_IPC_MSGCTL, id, cmd, buf, LX_MSQID_DS_SIZE);
	case IPC_RMID:
		return ipc_simple(LAMINA_IPC_MSGCTL, id, cmd, 0, 0);
	default:
		return -EINVAL;
	}
}

/* A ctl of a negative id or command is EINVAL before anything (64-bit
 * Linux takes no IPC_64 in a command either: an unknown one). */
long sysv_ipc(long nr, const long a[6])
{
	if ((nr == __NR_shmctl || nr == __NR_msgctl) && ((int)a[0] < 0 || (int)a[1] < 0)) return -EINVAL;
	if (nr == __NR_semctl && ((int)a[0] < 0 || (int)a[2] < 0)) return -EINVAL;
	switch (nr) {
	case __NR_shmget: return ipc_simple(LAMINA_IPC_SHMGET, (int)a[0], a[1], (int)a[2], 0);
	case __NR_shmat: return shm_attach((int)a[0], (unsigned long)a[1], (int)a[2]);
	case __NR_shmdt: return shm_detach(a[0]);
	case __NR_shmctl: return shm_control((int)a[0], (int)a[1], (void *)a[2]);
	case __NR_semget: return ipc_simple(LAMINA_IPC_SEMGET, (int)a[0], (int)a[1], (int)a[2], 0);
	case __NR_semop: return sem_operate((int)a[0], (const void *)a[1], (unsigned)a[2], 0);
	case __NR_semtimedop:
		return sem_operate((int)a[0], (const void *)a[1], (unsigned)a[2], (const struct __kernel_timespec *)a[3]);
	case __NR_semctl: return sem_control((int)a[0], (int)a[1], (int)a[2], a[3]);
	case __NR_msgget: return ipc_simple(LAMINA_IPC_MSGGET, (int)a[0], (int)a[1], 0, 0);
	case __NR_msgsnd: return msg_send((int)a[0], (const void *)a[1], a[2], (int)a[3]);
	case __NR_msgrcv: return msg_receive((int)a[0], (void *)a[1], a[2], a[3], (int)a[4]);
	case __NR_msgctl: return msg_control((int)a[0], (int)a[1], (void *)a[2]);
	default: return -ENOSYS;
	}
}
