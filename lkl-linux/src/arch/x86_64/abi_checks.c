/* The layouts the Java kernel relies on (mirrored in Protocol.java and
 * Layouts.java, which AbiContractTest checks against these headers): here
 * checked against the uapi headers and the protocol structs themselves, so
 * a wrong number stops the build. The channel speaks x86-64's layouts
 * whatever the guest's architecture, so they are checked in this build;
 * and the x86-64 signal frame (arch.h). */
#include <stddef.h>
#include <asm/fcntl.h>
#include <asm/msgbuf.h>
#include <asm/shmbuf.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <asm/siginfo.h>
#include <asm/socket.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/utsname.h>
#include <asm/sigcontext.h>
#include <linux/signal.h>
#include <asm/ucontext.h>
#include <linux/if.h>
#include <linux/sockios.h>
#include <linux/netlink.h>
#include <linux/fcntl.h>
#include <linux/sched.h>
#include <lamina/channel.h>
#include <lamina/host_abi.h>
#include <lamina/linux_abi.h>
#include "arch.h"

_Static_assert(sizeof(struct stat) == LX_STAT_SIZE, "struct stat");
_Static_assert(LX_SOCK_NONBLOCK == O_NONBLOCK, "SOCK_NONBLOCK is O_NONBLOCK");
_Static_assert(offsetof(struct stat, st_uid) == LX_STAT_UID, "stat st_uid");
_Static_assert(offsetof(struct stat, st_gid) == LX_STAT_GID, "stat st_gid");
_Static_assert(sizeof(struct statfs) == LX_STATFS_SIZE, "struct statfs");
_Static_assert(sizeof(struct statx) == LX_STATX_SIZE, "struct statx");
_Static_assert(offsetof(struct statx, stx_uid) == LX_STATX_UID, "statx stx_uid");
_Static_assert(offsetof(struct statx, stx_gid) == LX_STATX_GID, "statx stx_gid");
_Static_assert(offsetof(struct statx, stx_nlink) == LX_STATX_NLINK && offsetof(struct statx, stx_mode) == LX_STATX_MODE &&
               offsetof(struct statx, stx_ino) == LX_STATX_INO && offsetof(struct statx, stx_size) == LX_STATX_BYTES &&
               offsetof(struct statx, stx_blocks) == LX_STATX_BLOCKS && offsetof(struct statx, stx_dev_major) == LX_STATX_DEV_MAJOR &&
               offsetof(struct statx, stx_dev_minor) == LX_STATX_DEV_MINOR, "struct statx (generated.c)");
_Static_assert(offsetof(struct stat, st_mode) == GUEST_STAT_MODE && offsetof(struct stat, st_nlink) == GUEST_STAT_NLINK &&
               sizeof(((struct stat *)0)->st_nlink) == GUEST_STAT_NLINK_BYTES && offsetof(struct stat, st_dev) == GUEST_STAT_DEV &&
               offsetof(struct stat, st_ino) == GUEST_STAT_INO && offsetof(struct stat, st_size) == GUEST_STAT_BYTES &&
               offsetof(struct stat, st_blocks) == GUEST_STAT_BLOCKS, "struct stat (generated.c)");
_Static_assert(sizeof(struct new_utsname) == LX_UTSNAME_SIZE, "struct utsname");
_Static_assert(2 * sizeof(struct __kernel_timespec) == LX_TIMESPEC_PAIR_SIZE, "two struct timespec");
_Static_assert(offsetof(struct ucontext, uc_stack) == LX_UC_STACK && offsetof(struct ucontext, uc_mcontext) == LX_UC_MCONTEXT &&
               offsetof(struct ucontext, uc_sigmask) == LX_UC_SIGMASK && sizeof(struct ucontext) == LX_UC_SIZE, "struct ucontext");
_Static_assert(LX_UC_STACK + offsetof(stack_t, ss_flags) == LX_UC_STACK_FLAGS && SS_DISABLE == LX_SS_DISABLE &&
               SS_ONSTACK == LX_SS_ONSTACK && SS_AUTODISARM == LX_SS_AUTODISARM && MINSIGSTKSZ == LX_MINSIGSTKSZ, "stack_t");
_Static_assert(sizeof(stack_t) == sizeof(struct lx_stack) && offsetof(stack_t, ss_sp) == offsetof(struct lx_stack, sp) &&
               offsetof(stack_t, ss_flags) == offsetof(struct lx_stack, flags) &&
               offsetof(stack_t, ss_size) == offsetof(struct lx_stack, size), "struct lx_stack");
_Static_assert(offsetof(struct sigcontext, rax) == 8 * LX_REG_RET && offsetof(struct sigcontext, rsp) == 8 * LX_REG_SP &&
               offsetof(struct sigcontext, rip) == 8 * LX_REG_PC &&
               offsetof(struct sigcontext, rdi) == 8 * LX_REG_ARG0 && offsetof(struct sigcontext, rsi) == 8 * LX_REG_ARG1 &&
               offsetof(struct sigcontext, rdx) == 8 * LX_REG_ARG2 && offsetof(struct sigcontext, r10) == 8 * LX_REG_ARG3 &&
               offsetof(struct sigcontext, r8) == 8 * LX_REG_ARG4 && offsetof(struct sigcontext, r9) == 8 * LX_REG_ARG5 &&
               offsetof(struct sigcontext, fpstate) == 8 * LX_REG_FPSTATE, "struct sigcontext");

_Static_assert(sizeof(struct flock) == sizeof(struct lx_flock) && offsetof(struct flock, l_pid) == offsetof(struct lx_flock, pid) &&
               offsetof(struct flock, l_start) == offsetof(struct lx_flock, start), "struct flock");
_Static_assert(O_DIRECT == LX_O_DIRECT && O_LARGEFILE == LX_O_LARGEFILE && O_DIRECTORY == LX_O_DIRECTORY &&
               O_NOFOLLOW == LX_O_NOFOLLOW, "the open flags aarch64 moves");
_Static_assert(F_GETLK == LX_F_GETLK && F_UNLCK == LX_F_UNLCK && SO_PEERCRED == LX_SO_PEERCRED, "F_GETLK, SO_PEERCRED");
_Static_assert(F_SETOWN == LX_F_SETOWN && F_GETOWN == LX_F_GETOWN && F_SETOWN_EX == LX_F_SETOWN_EX && F_GETOWN_EX == LX_F_GETOWN_EX &&
               F_OWNER_TID == LX_F_OWNER_TID && F_OWNER_PGRP == LX_F_OWNER_PGRP && sizeof(struct f_owner_ex) == sizeof(struct lx_f_owner_ex),
               "fcntl's SIGIO owner");
_Static_assert(sizeof(sigevent_t) == LX_SIGEVENT_SIZE && offsetof(sigevent_t, sigev_notify) == LX_SIGEV_NOTIFY &&
               offsetof(sigevent_t, sigev_notify_thread_id) == LX_SIGEV_TID && SIGEV_THREAD_ID == LX_SIGEV_THREAD_ID,
               "struct sigevent");
_Static_assert(offsetof(siginfo_t, si_pid) == offsetof(struct lx_siginfo_child, pid) &&
               offsetof(siginfo_t, si_uid) == offsetof(struct lx_siginfo_child, uid), "siginfo_t si_pid, si_uid");
_Static_assert(SI_USER == LX_SI_USER && SI_QUEUE == LX_SI_QUEUE && SI_MESGQ == LX_SI_MESGQ && SI_TKILL == LX_SI_TKILL,
               "si_code");

_Static_assert(sizeof(struct ipc64_perm) == LX_IPC_PERM_SIZE && sizeof(struct shmid64_ds) == LX_SHMID_DS_SIZE &&
               sizeof(struct shminfo64) == LX_SHMINFO_SIZE && sizeof(struct shm_info) == LX_SHM_INFO_SIZE &&
               sizeof(struct semid64_ds) == LX_SEMID_DS_SIZE && offsetof(struct semid64_ds, sem_otime) == LX_SEMID_OTIME &&
               offsetof(struct semid64_ds, sem_ctime) == LX_SEMID_CTIME && offsetof(struct semid64_ds, sem_nsems) == LX_SEMID_NSEMS &&
               sizeof(struct seminfo) == LX_SEMINFO_SIZE && sizeof(struct sembuf) == LX_SEMBUF_SIZE &&
               sizeof(struct msqid64_ds) == LX_MSQID_DS_SIZE && sizeof(struct msginfo) == LX_MSGINFO_SIZE,
               "System V IPC's structs");

_Static_assert(sizeof(struct ifreq) == LX_IFREQ_SIZE && IFNAMSIZ == LX_IFNAMSIZ, "struct ifreq");
_Static_assert(SIOCGIFFLAGS == LX_SIOCGIFFLAGS && SIOCGIFADDR == LX_SIOCGIFADDR && SIOCGIFDSTADDR == LX_SIOCGIFDSTADDR &&
               SIOCGIFBRDADDR == LX_SIOCGIFBRDADDR && SIOCGIFNETMASK == LX_SIOCGIFNETMASK &&
               SIOCGIFMETRIC == LX_SIOCGIFMETRIC && SIOCGIFMTU == LX_SIOCGIFMTU && SIOCGIFHWADDR == LX_SIOCGIFHWADDR &&
               SIOCGIFINDEX == LX_SIOCGIFINDEX && SIOCGIFTXQLEN == LX_SIOCGIFTXQLEN && SIOCGIFCONF == LX_SIOCGIFCONF,
               "SIOCGIF*");
_Static_assert(sizeof(struct ifconf) == sizeof(struct lx_ifconf) && offsetof(struct ifconf, ifc_len) == offsetof(struct lx_ifconf, len) &&
               offsetof(struct ifconf, ifc_buf) == offsetof(struct lx_ifconf, buf), "struct ifconf");

_Static_assert(NETLINK_ROUTE == LX_NETLINK_ROUTE &&
               sizeof(struct sockaddr_nl) == LX_SOCKADDR_NL_SIZE, "netlink");
_Static_assert(F_DUPFD == LX_F_DUPFD && F_DUPFD_CLOEXEC == LX_F_DUPFD_CLOEXEC, "F_DUPFD");

_Static_assert(sizeof(struct lamina_request) == 56, "Protocol.REQUEST_HEADER");
_Static_assert(offsetof(struct lamina_request, size) == 0 && offsetof(struct lamina_request, op) == 4 &&
               offsetof(struct lamina_request, args) == 8, "Protocol.REQUEST_*");
_Static_assert(sizeof(struct lamina_reply) == 16, "Protocol.REPLY_HEADER");
_Static_assert(offsetof(struct lamina_reply, ret) == 0 && offsetof(struct lamina_reply, size) == 8 &&
               offsetof(struct lamina_reply, nfds) == 12 && offsetof(struct lamina_reply, flags) == 14,
               "Protocol.REPLY_*");
_Static_assert(offsetof(struct lamina_exec_plan, flags) == 36 && offsetof(struct lamina_exec_plan, nbind) == 40 &&
               offsetof(struct lamina_exec_plan, nconnect) == 42 && offsetof(struct lamina_exec_plan, nrlimit) == 44 &&
               offsetof(struct lamina_exec_plan, proc_dev) == 48 && offsetof(struct lamina_exec_plan, proc_ino) == 56 &&
               offsetof(struct lamina_exec_plan, dev_dev) == 64 && offsetof(struct lamina_exec_plan, dev_ino) == 72,
               "Protocol.PLAN_*");
_Static_assert(offsetof(struct lamina_rlimit, resource) == 0 && offsetof(struct lamina_rlimit, cur) == 8 &&
               offsetof(struct lamina_rlimit, max) == 16, "Protocol.RLIMIT_*");
_Static_assert(LAMINA_FD_FIRST < LAMINA_LIFELINE_FD && LAMINA_LIFELINE_FD < LAMINA_CHANNEL_FD &&
               LAMINA_SPAWN_LIFELINE_FD < LAMINA_FD_FIRST, "reserved descriptors");
_Static_assert(LAMINA_OWNER_XATTR_SIZE == 2 * sizeof(uint32_t), "owner xattr: guest uid and gid, 32 bits each");
_Static_assert(CLONE_NEWTIME == LX_CLONE_NEWTIME && CLONE_NEWNS == LX_CLONE_NEWNS && CLONE_NEWCGROUP == LX_CLONE_NEWCGROUP &&
               CLONE_NEWUTS == LX_CLONE_NEWUTS && CLONE_NEWIPC == LX_CLONE_NEWIPC && CLONE_NEWUSER == LX_CLONE_NEWUSER &&
               CLONE_NEWPID == LX_CLONE_NEWPID && CLONE_NEWNET == LX_CLONE_NEWNET, "the namespace flags");
_Static_assert(LX_SO_ATTACH_FILTER == SO_ATTACH_FILTER && LX_SO_ATTACH_BPF == SO_ATTACH_BPF &&
               LX_SO_ATTACH_REUSEPORT_CBPF == SO_ATTACH_REUSEPORT_CBPF &&
               LX_SO_ATTACH_REUSEPORT_EBPF == SO_ATTACH_REUSEPORT_EBPF, "socket filters' option numbers");
