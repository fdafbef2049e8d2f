/* Prints, one "NAME VALUE" a line, what the C side says of every layout and
 * number the kernel mirrors: AbiContractTest compares them with Protocol,
 * Layouts and OwnerXattr. Struct layouts come from the uapi headers
 * themselves, the rest from lkl-common. */
#include <stddef.h>
#include <stdio.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/stat.h>
#include <linux/fcntl.h>
#include <linux/inotify.h>
#include <linux/limits.h>
#include <linux/xattr.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netlink.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/ioprio.h>
#include <linux/sched/types.h>
#include <linux/securebits.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <linux/rtnetlink.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/socket.h>
#include <asm/ioctls.h>
#include <linux/sockios.h>
#include <asm/socket.h>
#include <linux/time_types.h>
#include <linux/landlock.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <asm/poll.h>
#include <asm/signal.h>
#include <linux/memfd.h>
#include <linux/wait.h>
#include <linux/errno.h>
#include <linux/ipc.h>
#include <asm/ipcbuf.h>
#include <asm/msgbuf.h>
#include <asm/sembuf.h>
#include <asm/shmbuf.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <lamina/channel.h>
#include <lamina/host_abi.h>
#include <lamina/linux_abi.h>

#define V(name, value) printf("%s %ld\n", name, (long)(value))

int main(void)
{
	V("CHANNEL_FD", LAMINA_CHANNEL_FD);
	V("FD_EXTRA_FIRST", LAMINA_FD_EXTRA_FIRST);
	V("FD_EXTRA_COUNT", LAMINA_FD_EXTRA_COUNT);
	V("LIFELINE_FD", LAMINA_LIFELINE_FD);
	V("FD_FIRST", LAMINA_FD_FIRST);
	V("SPAWN_CHANNEL_FD", LAMINA_SPAWN_CHANNEL_FD);
	V("SPAWN_LIFELINE_FD", LAMINA_SPAWN_LIFELINE_FD);
	V("ZYGOTE_REQUEST_MAX", LAMINA_ZYGOTE_REQUEST_MAX);
	V("ZYGOTE_ARGS_MAX", LAMINA_ZYGOTE_ARGS_MAX);
	V("ZYGOTE_FDS", LAMINA_ZYGOTE_FDS);
	V("ZYGOTE_FD_CHANNEL", LAMINA_ZYGOTE_FD_CHANNEL);
	V("ZYGOTE_FD_LIFELINE", LAMINA_ZYGOTE_FD_LIFELINE);
	V("ZYGOTE_REPLY_SIZE", sizeof(struct lamina_zygote_reply));
	V("ZYGOTE_REPLY_PID", offsetof(struct lamina_zygote_reply, pid));
	V("ZYGOTE_REPLY_ERROR", offsetof(struct lamina_zygote_reply, error));
	V("REQUEST_HEADER", sizeof(struct lamina_request));
	V("REQUEST_SIZE", offsetof(struct lamina_request, size));
	V("REQUEST_OP", offsetof(struct lamina_request, op));
	V("REQUEST_ARGS", offsetof(struct lamina_request, args));
	V("REPLY_HEADER", sizeof(struct lamina_reply));
	V("REPLY_RET", offsetof(struct lamina_reply, ret));
	V("REPLY_SIZE", offsetof(struct lamina_reply, size));
	V("REPLY_NFDS", offsetof(struct lamina_reply, nfds));
	V("REPLY_FLAGS", offsetof(struct lamina_reply, flags));
	V("REPLY_CLOEXEC", LAMINA_REPLY_CLOEXEC);
	V("REPLY_FDS_MAX", LAMINA_REPLY_FDS_MAX);
	V("OP_BASE", LAMINA_OP_BASE);
	V("OP_EXEC_PLAN", LAMINA_OP_EXEC_PLAN);
	V("OP_FORK", LAMINA_OP_FORK);
	V("OP_FORKED", LAMINA_OP_FORKED);
	V("OP_THREAD", LAMINA_OP_THREAD);
	V("OP_THREAD_STARTED", LAMINA_OP_THREAD_STARTED);
	V("OP_HOST_PID", LAMINA_OP_HOST_PID);
	V("OP_GUEST_PID", LAMINA_OP_GUEST_PID);
	V("OP_REAPED", LAMINA_OP_REAPED);
	V("OP_STRICT_VIOLATION", LAMINA_OP_STRICT_VIOLATION);
	V("OP_ARGS", LAMINA_OP_ARGS);
	V("OP_CAPS", LAMINA_OP_CAPS);
	V("OP_POSTED", LAMINA_OP_POSTED);
	V("OP_UNIX_PATH", LAMINA_OP_UNIX_PATH);
	V("OP_EXEC", LAMINA_OP_EXEC);
	V("OP_PEER_ID", LAMINA_OP_PEER_ID);
	V("OVERFLOW_ID", LAMINA_OVERFLOW_ID);
	V("PEER_EUID", LAMINA_PEER_EUID);
	V("PEER_EGID", LAMINA_PEER_EGID);
	V("PEER_RUID", LAMINA_PEER_RUID);
	V("PEER_RGID", LAMINA_PEER_RGID);
	V("OP_IPC", LAMINA_OP_IPC);
	V("OP_INTERRUPT", LAMINA_OP_INTERRUPT);
	V("IPC_SHMGET", LAMINA_IPC_SHMGET);
	V("IPC_SHMAT", LAMINA_IPC_SHMAT);
	V("IPC_SHM_ATTACHED", LAMINA_IPC_SHM_ATTACHED);
	V("IPC_SHMDT", LAMINA_IPC_SHMDT);
	V("IPC_SHMCTL", LAMINA_IPC_SHMCTL);
	V("IPC_SEMGET", LAMINA_IPC_SEMGET);
	V("IPC_SEMTIMEDOP", LAMINA_IPC_SEMTIMEDOP);
	V("IPC_SEMCTL", LAMINA_IPC_SEMCTL);
	V("IPC_MSGGET", LAMINA_IPC_MSGGET);
	V("IPC_MSGSND", LAMINA_IPC_MSGSND);
	V("IPC_MSGRCV", LAMINA_IPC_MSGRCV);
	V("IPC_MSGCTL", LAMINA_IPC_MSGCTL);
	/* System V IPC's structs (64-bit forms; x86-64's semid64_ds has padding asm-generic's lacks) */
	V("IPC_PERM_KEY", offsetof(struct ipc64_perm, key));
	V("IPC_PERM_UID", offsetof(struct ipc64_perm, uid));
	V("IPC_PERM_GID", offsetof(struct ipc64_perm, gid));
	V("IPC_PERM_CUID", offsetof(struct ipc64_perm, cuid));
	V("IPC_PERM_CGID", offsetof(struct ipc64_perm, cgid));
	V("IPC_PERM_MODE", offsetof(struct ipc64_perm, mode));
	V("IPC_PERM_SEQ", offsetof(struct ipc64_perm, seq));
	V("IPC_PERM_SIZE", sizeof(struct ipc64_perm));
	V("SHMID_DS_SIZE", sizeof(struct shmid64_ds));
	V("SHMID_SEGSZ", offsetof(struct shmid64_ds, shm_segsz));
	V("SHMID_ATIME", offsetof(struct shmid64_ds, shm_atime));
	V("SHMID_DTIME", offsetof(struct shmid64_ds, shm_dtime));
	V("SHMID_CTIME", offsetof(struct shmid64_ds, shm_ctime));
	V("SHMID_CPID", offsetof(struct shmid64_ds, shm_cpid));
	V("SHMID_LPID", offsetof(struct shmid64_ds, shm_lpid));
	V("SHMID_NATTCH", offsetof(struct shmid64_ds, shm_nattch));
	V("SHMINFO_SIZE", sizeof(struct shminfo64));
	V("SHM_INFO_SIZE", sizeof(struct shm_info));
	V("SEMID_DS_SIZE", sizeof(struct semid64_ds));
	V("SEMID_OTIME", offsetof(struct semid64_ds, sem_otime));
	V("SEMID_CTIME", offsetof(struct semid64_ds, sem_ctime));
	V("SEMID_NSEMS", offsetof(struct semid64_ds, sem_nsems));
	V("SEMINFO_SIZE", sizeof(struct seminfo));
	V("SEMBUF_SIZE", sizeof(struct sembuf));
	V("MSQID_DS_SIZE", sizeof(struct msqid64_ds));
	V("MSQID_STIME", offsetof(struct msqid64_ds, msg_stime));
	V("MSQID_RTIME", offsetof(struct msqid64_ds, msg_rtime));
	V("MSQID_CTIME", offsetof(struct msqid64_ds, msg_ctime));
	V("MSQID_CBYTES", offsetof(struct msqid64_ds, msg_cbytes));
	V("MSQID_QNUM", offsetof(struct msqid64_ds, msg_qnum));
	V("MSQID_QBYTES", offsetof(struct msqid64_ds, msg_qbytes));
	V("MSQID_LSPID", offsetof(struct msqid64_ds, msg_lspid));
	V("MSQID_LRPID", offsetof(struct msqid64_ds, msg_lrpid));
	V("MSGINFO_SIZE", sizeof(struct msginfo));
	V("SYSINFO_SIZE", sizeof(struct sysinfo));
	V("SYSINFO_TOTALRAM", offsetof(struct sysinfo, totalram));
	V("SYSINFO_TOTALSWAP", offsetof(struct sysinfo, totalswap));
	V("SYSINFO_MEM_UNIT", offsetof(struct sysinfo, mem_unit));
	V("SHM_NORESERVE", SHM_NORESERVE);
	V("MFD_ALLOW_SEALING", MFD_ALLOW_SEALING);
	V("MFD_HUGETLB", MFD_HUGETLB);
	V("F_ADD_SEALS", F_ADD_SEALS);
	V("F_SEAL_SEAL", F_SEAL_SEAL);
	V("F_SEAL_SHRINK", F_SEAL_SHRINK);
	V("F_SEAL_GROW", F_SEAL_GROW);
	V("F_SEAL_FUTURE_WRITE", F_SEAL_FUTURE_WRITE);
	V("SIOCOUTQ", SIOCOUTQ);
	V("F_DUPFD_CLOEXEC", F_DUPFD_CLOEXEC);
	V("IPC_CREAT", IPC_CREAT);
	V("IPC_EXCL", IPC_EXCL);
	V("IPC_NOWAIT", IPC_NOWAIT);
	V("IPC_RMID", IPC_RMID);
	V("IPC_SET", IPC_SET);
	V("IPC_STAT", IPC_STAT);
	V("IPC_INFO", IPC_INFO);
	V("SHM_HUGETLB", SHM_HUGETLB);
	V("SHM_RDONLY", SHM_RDONLY);
	V("SHM_EXEC", SHM_EXEC);
	V("SHM_LOCK", SHM_LOCK);
	V("SHM_UNLOCK", SHM_UNLOCK);
	V("SHM_STAT", SHM_STAT);
	V("SHM_INFO", SHM_INFO);
	V("SHM_STAT_ANY", SHM_STAT_ANY);
	V("SEM_UNDO", SEM_UNDO);
	V("GETPID", GETPID);
	V("GETVAL", GETVAL);
	V("GETALL", GETALL);
	V("GETNCNT", GETNCNT);
	V("GETZCNT", GETZCNT);
	V("SETVAL", SETVAL);
	V("SETALL", SETALL);
	V("SEM_STAT", SEM_STAT);
	V("SEM_INFO", SEM_INFO);
	V("SEM_STAT_ANY", SEM_STAT_ANY);
	V("MSG_STAT", MSG_STAT);
	V("MSG_INFO", MSG_INFO);
	V("MSG_STAT_ANY", MSG_STAT_ANY);
	V("MSG_NOERROR", MSG_NOERROR);
	V("MSG_EXCEPT", MSG_EXCEPT);
	V("MSG_COPY", MSG_COPY);
	V("MFD_CLOEXEC", MFD_CLOEXEC);
	V("F_GET_SEALS", F_GET_SEALS);
	V("POLLIN", POLLIN);
	V("SA_RESTART", SA_RESTART);
	V("UNIX_FILE", LAMINA_UNIX_FILE);
	V("UNIX_BIND", LAMINA_UNIX_BIND);
	V("UNIX_NEW_BIND", LAMINA_UNIX_NEW_BIND);
	V("UNIX_NEW_CONNECT", LAMINA_UNIX_NEW_CONNECT);
	V("UNIX_NEW_LISTEN", LAMINA_UNIX_NEW_LISTEN);
	V("UNIX_DGRAM_OPEN", LAMINA_UNIX_DGRAM_OPEN);
	V("UNIX_DGRAM_CONNECT", LAMINA_UNIX_DGRAM_CONNECT);
	V("UNIX_DGRAM_SEND", LAMINA_UNIX_DGRAM_SEND);
	V("UNIX_DGRAM_PEER", LAMINA_UNIX_DGRAM_PEER);
	V("UNIX_DGRAM_SHUT", LAMINA_UNIX_DGRAM_SHUT);
	V("UNIX_NAME", LAMINA_UNIX_NAME);
	V("UNIX_BOUND_CONNECT", LAMINA_UNIX_BOUND_CONNECT);
	V("SOCK_SEQPACKET", LX_SOCK_SEQPACKET);
	V("SOCK_TYPE_MASK", LX_SOCK_TYPE_MASK);
	V("SO_TYPE", SO_TYPE);
	V("SO_DOMAIN", SO_DOMAIN);
	V("IPPROTO_IP", IPPROTO_IP);
	V("IP_BIND_ADDRESS_NO_PORT", IP_BIND_ADDRESS_NO_PORT);
	V("SO_COOKIE", SO_COOKIE);
	V("WNOHANG", WNOHANG);
	V("WEXITED", WEXITED);
	V("P_PIDFD", P_PIDFD);
	/* Errno: every value the kernel answers with. */
	V("EPERM", EPERM);
	V("ENOENT", ENOENT);
	V("ESRCH", ESRCH);
	V("EINTR", EINTR);
	V("EIO", EIO);
	V("ENXIO", ENXIO);
	V("E2BIG", E2BIG);
	V("ENOEXEC", ENOEXEC);
	V("EBADF", EBADF);
	V("ECHILD", ECHILD);
	V("EAGAIN", EAGAIN);
	V("ENOMEM", ENOMEM);
	V("EACCES", EACCES);
	V("EFAULT", EFAULT);
	V("EBUSY", EBUSY);
	V("EEXIST", EEXIST);
	V("EXDEV", EXDEV);
	V("ENODEV", ENODEV);
	V("ENOTDIR", ENOTDIR);
	V("EISDIR", EISDIR);
	V("EINVAL", EINVAL);
	V("ENFILE", ENFILE);
	V("EMFILE", EMFILE);
	V("EFBIG", EFBIG);
	V("ENOSPC", ENOSPC);
	V("EROFS", EROFS);
	V("EPIPE", EPIPE);
	V("ERANGE", ERANGE);
	V("ENAMETOOLONG", ENAMETOOLONG);
	V("ENOSYS", ENOSYS);
	V("ENOTEMPTY", ENOTEMPTY);
	V("ELOOP", ELOOP);
	V("ENOMSG", ENOMSG);
	V("EIDRM", EIDRM);
	V("ENODATA", ENODATA);
	V("EPROTO", EPROTO);
	V("ENOTSOCK", ENOTSOCK);
	V("EDESTADDRREQ", EDESTADDRREQ);
	V("ENOPROTOOPT", ENOPROTOOPT);
	V("ESOCKTNOSUPPORT", ESOCKTNOSUPPORT);
	V("EOPNOTSUPP", EOPNOTSUPP);
	V("EAFNOSUPPORT", EAFNOSUPPORT);
	V("EADDRINUSE", EADDRINUSE);
	V("EADDRNOTAVAIL", EADDRNOTAVAIL);
	V("ENETUNREACH", ENETUNREACH);
	V("ENOBUFS", ENOBUFS);
	V("ENOTCONN", ENOTCONN);
	V("ECONNREFUSED", ECONNREFUSED);
	V("EHOSTUNREACH", EHOSTUNREACH);
	V("ERESTARTSYS", LX_ERESTARTSYS);
	V("SO_REUSEPORT", SO_REUSEPORT);
	V("SO_REUSEADDR", SO_REUSEADDR);
	V("SO_SNDBUF", SO_SNDBUF);
	V("SO_RCVBUF", SO_RCVBUF);
	V("SO_PASSCRED", SO_PASSCRED);
	V("SCM_CREDENTIALS", LX_SCM_CREDENTIALS);
	V("CMSG_UCRED_LEN", LX_CMSG_HEADER + sizeof(struct lx_ucred));
	V("CMSG_UCRED_SPACE", (LX_CMSG_HEADER + sizeof(struct lx_ucred) + 7) & ~7ul);
	V("SO_RCVTIMEO_OLD", SO_RCVTIMEO_OLD);
	V("SO_SNDTIMEO_OLD", SO_SNDTIMEO_OLD);
	V("SO_PASSSEC", SO_PASSSEC);
	V("OP_SOCKET", LAMINA_OP_SOCKET);
	V("SOCKET_BIND", LAMINA_SOCKET_BIND);
	V("SOCKET_LISTEN", LAMINA_SOCKET_LISTEN);
	V("SOCKET_NAME", LAMINA_SOCKET_NAME);
	V("SOCKET_PEER", LAMINA_SOCKET_PEER);
	V("SOCKET_DESTINATION", LAMINA_SOCKET_DESTINATION);
	V("SOCKET_SOURCE", LAMINA_SOCKET_SOURCE);
	V("SOCKET_INTERFACE", LAMINA_SOCKET_INTERFACE);
	V("SOCKET_NETLINK_OPEN", LAMINA_SOCKET_NETLINK_OPEN);
	V("SOCKET_NETLINK_SEND", LAMINA_SOCKET_NETLINK_SEND);
	V("SOCKET_ECHO_OPEN", LAMINA_SOCKET_ECHO_OPEN);
	V("ROUTE_GRANT", LAMINA_ROUTE_GRANT);
	V("ROUTE_EPOCH", LAMINA_ROUTE_EPOCH);
	V("ROUTE_CLIENT", LAMINA_ROUTE_CLIENT);
	V("ROUTE_GRANT_SIZE", sizeof(struct lamina_route_grant));
	printf("NETLINK_PEER %s\n", LAMINA_NETLINK_PEER);
	printf("ECHO_PEER %s\n", LAMINA_ECHO_PEER);
	V("GENERATED_MODE", LAMINA_GENERATED_MODE);
	printf("GENERATED_MEMFD %s\n", LAMINA_GENERATED_MEMFD);
	printf("KERNEL_BOUND %s\n", LAMINA_KERNEL_BOUND);
	printf("DGRAM_SENDER %s\n", LAMINA_DGRAM_SENDER);
	V("NAME_SENDER", LAMINA_NAME_SENDER);
	V("HOST_PID_GROUP", LAMINA_HOST_PID_GROUP);
	V("PLAN_SIZE", sizeof(struct lamina_exec_plan));
	V("PLAN_ARGC", offsetof(struct lamina_exec_plan, argc));
	V("PLAN_ENVC", offsetof(struct lamina_exec_plan, envc));
	V("PLAN_PID", offsetof(struct lamina_exec_plan, pid));
	V("PLAN_RUID", offsetof(struct lamina_exec_plan, ruid));
	V("PLAN_EUID", offsetof(struct lamina_exec_plan, euid));
	V("PLAN_RGID", offsetof(struct lamina_exec_plan, rgid));
	V("PLAN_EGID", offsetof(struct lamina_exec_plan, egid));
	V("PLAN_HOST_UID", offsetof(struct lamina_exec_plan, host_uid));
	V("PLAN_HOST_GID", offsetof(struct lamina_exec_plan, host_gid));
	V("PLAN_FLAGS", offsetof(struct lamina_exec_plan, flags));
	V("PLAN_NBIND", offsetof(struct lamina_exec_plan, nbind));
	V("PLAN_NCONNECT", offsetof(struct lamina_exec_plan, nconnect));
	V("PLAN_NRLIMIT", offsetof(struct lamina_exec_plan, nrlimit));
	V("PLAN_PROC_DEV", offsetof(struct lamina_exec_plan, proc_dev));
	V("PLAN_PROC_INO", offsetof(struct lamina_exec_plan, proc_ino));
	V("PLAN_DEV_DEV", offsetof(struct lamina_exec_plan, dev_dev));
	V("PLAN_DEV_INO", offsetof(struct lamina_exec_plan, dev_ino));
	V("RLIMIT_SIZE", sizeof(struct lamina_rlimit));
	V("RLIMIT_RESOURCE", offsetof(struct lamina_rlimit, resource));
	V("RLIMIT_CUR", offsetof(struct lamina_rlimit, cur));
	V("RLIMIT_MAX", offsetof(struct lamina_rlimit, max));
	V("PLAN_COMPAT", LAMINA_PLAN_COMPAT);
	V("PLAN_SUBREAPER", LAMINA_PLAN_SUBREAPER);
	V("PLAN_TERMINAL", LAMINA_PLAN_TERMINAL);
	V("PLAN_CONFINE", LAMINA_PLAN_CONFINE);
	V("PLAN_CONFINE_BIND_TCP", LAMINA_PLAN_CONFINE_BIND_TCP);
	V("PLAN_CONFINE_CONNECT_TCP", LAMINA_PLAN_CONFINE_CONNECT_TCP);
	V("PLAN_PORTS", LAMINA_PLAN_PORTS);
	V("PLAN_ISOLATED", LAMINA_PLAN_ISOLATED);
	V("PLAN_DARWIN_RULES", LAMINA_PLAN_DARWIN_RULES);
	V("PLAN_SECURE", LAMINA_PLAN_SECURE);
	V("O_DIRECTORY", LX_O_DIRECTORY);
	V("O_NOFOLLOW", LX_O_NOFOLLOW);
	V("STAT_SIZE", sizeof(struct stat));
	V("STAT_DEV", offsetof(struct stat, st_dev));
	V("STAT_INO", offsetof(struct stat, st_ino));
	V("STAT_NLINK", offsetof(struct stat, st_nlink));
	V("STAT_MODE", offsetof(struct stat, st_mode));
	V("STAT_UID", offsetof(struct stat, st_uid));
	V("STAT_GID", offsetof(struct stat, st_gid));
	V("STAT_RDEV", offsetof(struct stat, st_rdev));
	V("STAT_SIZE_FIELD", offsetof(struct stat, st_size));
	V("STAT_BLKSIZE", offsetof(struct stat, st_blksize));
	V("STAT_BLOCKS", offsetof(struct stat, st_blocks));
	V("STAT_ATIME", offsetof(struct stat, st_atime));
	V("STAT_MTIME", offsetof(struct stat, st_mtime));
	V("LX_STAT_SIZE", LX_STAT_SIZE);
	V("LX_STAT_UID", LX_STAT_UID);
	V("LX_STAT_GID", LX_STAT_GID);
	V("STATX_SIZE", sizeof(struct statx));
	V("STATX_MASK", offsetof(struct statx, stx_mask));
	V("STATX_BLKSIZE", offsetof(struct statx, stx_blksize));
	V("STATX_NLINK", offsetof(struct statx, stx_nlink));
	V("STATX_UID", offsetof(struct statx, stx_uid));
	V("STATX_GID", offsetof(struct statx, stx_gid));
	V("STATX_MODE", offsetof(struct statx, stx_mode));
	V("STATX_INO", offsetof(struct statx, stx_ino));
	V("STATX_SIZE_FIELD", offsetof(struct statx, stx_size));
	V("STATX_BLOCKS", offsetof(struct statx, stx_blocks));
	V("STATX_ATIME", offsetof(struct statx, stx_atime));
	V("STATX_BTIME", offsetof(struct statx, stx_btime));
	V("STATX_CTIME", offsetof(struct statx, stx_ctime));
	V("STATX_MTIME", offsetof(struct statx, stx_mtime));
	V("STATX_RDEV_MAJOR", offsetof(struct statx, stx_rdev_major));
	V("STATX_DEV_MAJOR", offsetof(struct statx, stx_dev_major));
	V("LX_STATX_UID", LX_STATX_UID);
	/* Flags the kernel answers calls with */
	V("AT_EACCESS", AT_EACCESS);
	V("AT_NO_AUTOMOUNT", AT_NO_AUTOMOUNT);
	V("AT_STATX_SYNC_TYPE", AT_STATX_SYNC_TYPE);
	V("STATX_BASIC_STATS", STATX_BASIC_STATS);
	V("STATX_BTIME_BIT", STATX_BTIME);
	V("XATTR_CREATE", XATTR_CREATE);
	V("XATTR_REPLACE", XATTR_REPLACE);
	V("XATTR_NAME_MAX", XATTR_NAME_MAX);
	V("XATTR_SIZE_MAX", XATTR_SIZE_MAX);
	V("IN_ONLYDIR", IN_ONLYDIR);
	V("IN_DONT_FOLLOW", IN_DONT_FOLLOW);
	V("LX_STATX_GID", LX_STATX_GID);
	V("STATFS_SIZE", sizeof(struct statfs));
	V("SIGACTION_SIZE", sizeof(struct lx_sigaction));
	V("SIGACTION_HANDLER", offsetof(struct lx_sigaction, handler));
	V("SIGACTION_FLAGS", offsetof(struct lx_sigaction, flags));
	V("SIGSET_SIZE", sizeof(((struct lx_sigaction *)0)->mask));
	V("STATFS_TYPE", offsetof(struct statfs, f_type));
	V("STATFS_BSIZE", offsetof(struct statfs, f_bsize));
	V("STATFS_NAMELEN", offsetof(struct statfs, f_namelen));
	V("STATFS_FRSIZE", offsetof(struct statfs, f_frsize));
	V("STATFS_BLOCKS", offsetof(struct statfs, f_blocks));
	V("STATFS_BFREE", offsetof(struct statfs, f_bfree));
	V("STATFS_BAVAIL", offsetof(struct statfs, f_bavail));
	V("STATFS_FLAGS", offsetof(struct statfs, f_flags));
	V("PROC_SUPER_MAGIC", PROC_SUPER_MAGIC);
	V("SYSFS_MAGIC", SYSFS_MAGIC);
	V("CGROUP2_SUPER_MAGIC", CGROUP2_SUPER_MAGIC);
	V("TMPFS_MAGIC", TMPFS_MAGIC);
	V("DEVPTS_SUPER_MAGIC", DEVPTS_SUPER_MAGIC);
	V("UTSNAME_SIZE", sizeof(struct new_utsname));
	V("UTSNAME_FIELD", sizeof(((struct new_utsname *)0)->sysname));
	V("TIMESPEC_PAIR_SIZE", 2 * sizeof(struct __kernel_timespec));
	V("SUN_PATH_MAX", LX_SUN_PATH_MAX);
	V("SOCKADDR_IN_SIZE", sizeof(struct sockaddr_in));
	V("SOCKADDR_IN_PORT", offsetof(struct sockaddr_in, sin_port));
	V("SOCKADDR_IN_ADDR", offsetof(struct sockaddr_in, sin_addr));
	V("SOCKADDR_IN6_SIZE", sizeof(struct sockaddr_in6));
	V("SOCKADDR_IN6_PORT", offsetof(struct sockaddr_in6, sin6_port));
	V("SOCKADDR_IN6_FLOWINFO", offsetof(struct sockaddr_in6, sin6_flowinfo));
	V("SOCKADDR_IN6_ADDR", offsetof(struct sockaddr_in6, sin6_addr));
	V("SOCKADDR_IN6_SCOPE_ID", offsetof(struct sockaddr_in6, sin6_scope_id));
	V("SOCKADDR_MAX", sizeof(struct __kernel_sockaddr_storage));
	V("SOCKADDR_NL_GROUPS", offsetof(struct sockaddr_nl, nl_groups));
	V("MSGHDR_SIZE", sizeof(struct lx_msghdr));
	V("MSGHDR_NAMELEN", offsetof(struct lx_msghdr, namelen));
	V("MSGHDR_IOV", offsetof(struct lx_msghdr, iov));
	V("MSGHDR_IOVLEN", offsetof(struct lx_msghdr, iovlen));
	V("MSGHDR_CONTROL", offsetof(struct lx_msghdr, control));
	V("MSGHDR_CONTROLLEN", offsetof(struct lx_msghdr, controllen));
	V("IOVEC_SIZE", sizeof(struct lx_iovec));
	V("NLMSGHDR_SIZE", sizeof(struct nlmsghdr));
	V("NLMSGHDR_TYPE", offsetof(struct nlmsghdr, nlmsg_type));
	V("NLMSGHDR_FLAGS", offsetof(struct nlmsghdr, nlmsg_flags));
	V("NLMSGHDR_SEQ", offsetof(struct nlmsghdr, nlmsg_seq));
	V("NLMSGHDR_PID", offsetof(struct nlmsghdr, nlmsg_pid));
	V("NLMSG_ALIGNTO", NLMSG_ALIGNTO);
	V("NLMSG_ERROR", NLMSG_ERROR);
	V("NLMSG_DONE", NLMSG_DONE);
	V("NETLINK_SOCK_DIAG", NETLINK_SOCK_DIAG);
	V("SOCK_DIAG_BY_FAMILY", SOCK_DIAG_BY_FAMILY);
	V("UNIX_DIAG_REQ_SIZE", sizeof(struct unix_diag_req));
	V("UNIX_DIAG_REQ_STATES", offsetof(struct unix_diag_req, udiag_states));
	V("UNIX_DIAG_REQ_INO", offsetof(struct unix_diag_req, udiag_ino));
	V("UNIX_DIAG_REQ_SHOW", offsetof(struct unix_diag_req, udiag_show));
	V("UNIX_DIAG_REQ_COOKIE", offsetof(struct unix_diag_req, udiag_cookie));
	V("UNIX_DIAG_MSG_SIZE", sizeof(struct unix_diag_msg));
	V("UDIAG_SHOW_PEER", UDIAG_SHOW_PEER);
	V("UNIX_DIAG_PEER", UNIX_DIAG_PEER);
	V("PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS);
	V("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS);
	V("RLIMIT_CPU", RLIMIT_CPU);
	V("RLIMIT_FSIZE", RLIMIT_FSIZE);
	V("RLIMIT_DATA", RLIMIT_DATA);
	V("RLIMIT_STACK", RLIMIT_STACK);
	V("RLIMIT_CORE", RLIMIT_CORE);
	V("RLIMIT_RSS", RLIMIT_RSS);
	V("RLIMIT_NPROC", RLIMIT_NPROC);
	V("RLIMIT_NOFILE", RLIMIT_NOFILE);
	V("RLIMIT_MEMLOCK", RLIMIT_MEMLOCK);
	V("RLIMIT_AS", RLIMIT_AS);
	V("RLIMIT_LOCKS", RLIMIT_LOCKS);
	V("RLIMIT_SIGPENDING", RLIMIT_SIGPENDING);
	V("RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE);
	V("RLIMIT_NICE", RLIMIT_NICE);
	V("RLIMIT_RTPRIO", RLIMIT_RTPRIO);
	V("RLIMIT_RTTIME", RLIMIT_RTTIME);
	V("PRIO_PROCESS", PRIO_PROCESS);
	V("PRIO_PGRP", PRIO_PGRP);
	V("PRIO_USER", PRIO_USER);
	V("IOPRIO_WHO_PROCESS", IOPRIO_WHO_PROCESS);
	V("IOPRIO_WHO_PGRP", IOPRIO_WHO_PGRP);
	V("IOPRIO_WHO_USER", IOPRIO_WHO_USER);
	V("RLIMIT_COUNT", RLIM_NLIMITS);
	V("IOPRIO_CLASS_SHIFT", IOPRIO_CLASS_SHIFT);
	V("IOPRIO_CLASS_BE", IOPRIO_CLASS_BE);
	V("IOPRIO_BE_NORM", IOPRIO_BE_NORM);
	V("SCHED_ATTR_SIZE_VER1", SCHED_ATTR_SIZE_VER1);
	_Static_assert(LX_SCHED_ATTR_SIZE_VER0 == SCHED_ATTR_SIZE_VER0 && LX_SCHED_ATTR_SIZE_VER1 == SCHED_ATTR_SIZE_VER1,
	               "linux_abi.h's struct sched_attr sizes");
	_Static_assert(LX_PRIO_PROCESS == PRIO_PROCESS && LX_PRIO_PGRP == PRIO_PGRP && LX_PRIO_USER == PRIO_USER,
	               "linux_abi.h's setpriority targets");
	_Static_assert(LX_IOPRIO_WHO_PROCESS == IOPRIO_WHO_PROCESS && LX_IOPRIO_WHO_PGRP == IOPRIO_WHO_PGRP &&
	               LX_IOPRIO_WHO_USER == IOPRIO_WHO_USER, "linux_abi.h's ioprio_set targets");
	V("CAP_CHOWN", CAP_CHOWN);
	V("CAP_DAC_OVERRIDE", CAP_DAC_OVERRIDE);
	V("CAP_DAC_READ_SEARCH", CAP_DAC_READ_SEARCH);
	V("CAP_FOWNER", CAP_FOWNER);
	V("CAP_FSETID", CAP_FSETID);
	V("CAP_KILL", CAP_KILL);
	V("CAP_SETGID", CAP_SETGID);
	V("CAP_SETUID", CAP_SETUID);
	V("CAP_SETPCAP", CAP_SETPCAP);
	V("CAP_LINUX_IMMUTABLE", CAP_LINUX_IMMUTABLE);
	V("CAP_NET_BIND_SERVICE", CAP_NET_BIND_SERVICE);
	V("CAP_NET_BROADCAST", CAP_NET_BROADCAST);
	V("CAP_NET_ADMIN", CAP_NET_ADMIN);
	V("CAP_NET_RAW", CAP_NET_RAW);
	V("CAP_IPC_LOCK", CAP_IPC_LOCK);
	V("CAP_IPC_OWNER", CAP_IPC_OWNER);
	V("CAP_SYS_MODULE", CAP_SYS_MODULE);
	V("CAP_SYS_RAWIO", CAP_SYS_RAWIO);
	V("CAP_SYS_CHROOT", CAP_SYS_CHROOT);
	V("CAP_SYS_PTRACE", CAP_SYS_PTRACE);
	V("CAP_SYS_PACCT", CAP_SYS_PACCT);
	V("CAP_SYS_ADMIN", CAP_SYS_ADMIN);
	V("CAP_SYS_BOOT", CAP_SYS_BOOT);
	V("CAP_SYS_NICE", CAP_SYS_NICE);
	V("CAP_SYS_RESOURCE", CAP_SYS_RESOURCE);
	V("CAP_SYS_TIME", CAP_SYS_TIME);
	V("CAP_SYS_TTY_CONFIG", CAP_SYS_TTY_CONFIG);
	V("CAP_MKNOD", CAP_MKNOD);
	V("CAP_LEASE", CAP_LEASE);
	V("CAP_AUDIT_WRITE", CAP_AUDIT_WRITE);
	V("CAP_AUDIT_CONTROL", CAP_AUDIT_CONTROL);
	V("CAP_SETFCAP", CAP_SETFCAP);
	V("CAP_MAC_OVERRIDE", CAP_MAC_OVERRIDE);
	V("CAP_MAC_ADMIN", CAP_MAC_ADMIN);
	V("CAP_SYSLOG", CAP_SYSLOG);
	V("CAP_WAKE_ALARM", CAP_WAKE_ALARM);
	V("CAP_BLOCK_SUSPEND", CAP_BLOCK_SUSPEND);
	V("CAP_AUDIT_READ", CAP_AUDIT_READ);
	V("CAP_PERFMON", CAP_PERFMON);
	V("CAP_BPF", CAP_BPF);
	V("CAP_CHECKPOINT_RESTORE", CAP_CHECKPOINT_RESTORE);
	V("CAP_LAST_CAP", CAP_LAST_CAP);
	V("PR_CAPBSET_READ", PR_CAPBSET_READ);
	V("PR_CAPBSET_DROP", PR_CAPBSET_DROP);
	V("PR_GET_KEEPCAPS", PR_GET_KEEPCAPS);
	V("PR_SET_KEEPCAPS", PR_SET_KEEPCAPS);
	V("PR_GET_SECUREBITS", PR_GET_SECUREBITS);
	V("PR_SET_SECUREBITS", PR_SET_SECUREBITS);
	V("PR_GET_DUMPABLE", PR_GET_DUMPABLE);
	V("PR_SET_DUMPABLE", PR_SET_DUMPABLE);
	V("SECBIT_KEEP_CAPS", SECBIT_KEEP_CAPS);
	V("OLD_TIMEVAL_SIZE", sizeof(struct __kernel_old_timeval));
	V("LANDLOCK_CREATE_RULESET_VERSION", LANDLOCK_CREATE_RULESET_VERSION);
	V("LANDLOCK_ABI_SCOPES", LX_LANDLOCK_ABI_SCOPES);
	V("LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET", LX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
	V("LANDLOCK_RULESET_ATTR_SIZE", sizeof(struct lx_landlock_ruleset_attr));
	V("LANDLOCK_RULESET_ATTR_SCOPED", offsetof(struct lx_landlock_ruleset_attr, scoped));
	V("NLM_F_REQUEST", NLM_F_REQUEST);
	V("NLM_F_MULTI", NLM_F_MULTI);
	V("NLM_F_ACK", NLM_F_ACK);
	V("NLM_F_DUMP", NLM_F_DUMP);
	V("NLM_F_CREATE", NLM_F_CREATE);
	V("NLM_F_EXCL", NLM_F_EXCL);
	V("SOCKADDR_NL_SIZE", sizeof(struct sockaddr_nl));
	V("SOCKADDR_NL_PID", offsetof(struct sockaddr_nl, nl_pid));
	V("RTM_NEWLINK", RTM_NEWLINK);
	V("RTM_GETLINK", RTM_GETLINK);
	V("RTM_NEWADDR", RTM_NEWADDR);
	V("RTM_DELADDR", RTM_DELADDR);
	V("RTM_GETADDR", RTM_GETADDR);
	V("RTM_NEWROUTE", RTM_NEWROUTE);
	V("RTM_GETROUTE", RTM_GETROUTE);
	V("RTM_BASE", RTM_BASE);
	V("IFINFOMSG_SIZE", sizeof(struct ifinfomsg));
	V("IFINFOMSG_TYPE", offsetof(struct ifinfomsg, ifi_type));
	V("IFINFOMSG_INDEX", offsetof(struct ifinfomsg, ifi_index));
	V("IFINFOMSG_FLAGS", offsetof(struct ifinfomsg, ifi_flags));
	V("IFLA_ADDRESS", IFLA_ADDRESS);
	V("IFLA_BROADCAST", IFLA_BROADCAST);
	V("IFLA_IFNAME", IFLA_IFNAME);
	V("IFLA_MTU", IFLA_MTU);
	V("IFLA_QDISC", IFLA_QDISC);
	V("IFLA_STATS", IFLA_STATS);
	V("IFLA_TXQLEN", IFLA_TXQLEN);
	V("IFLA_OPERSTATE", IFLA_OPERSTATE);
	V("IFLA_LINKMODE", IFLA_LINKMODE);
	V("RTNL_LINK_STATS_SIZE", sizeof(struct rtnl_link_stats));
	V("IF_OPER_UNKNOWN", IF_OPER_UNKNOWN);
	V("IF_OPER_UP", IF_OPER_UP);
	V("IFF_LOWER_UP", IFF_LOWER_UP);
	V("IFADDRMSG_SIZE", sizeof(struct ifaddrmsg));
	V("IFADDRMSG_PREFIXLEN", offsetof(struct ifaddrmsg, ifa_prefixlen));
	V("IFADDRMSG_FLAGS", offsetof(struct ifaddrmsg, ifa_flags));
	V("IFADDRMSG_SCOPE", offsetof(struct ifaddrmsg, ifa_scope));
	V("IFADDRMSG_INDEX", offsetof(struct ifaddrmsg, ifa_index));
	V("IFA_ADDRESS", IFA_ADDRESS);
	V("IFA_LOCAL", IFA_LOCAL);
	V("IFA_LABEL", IFA_LABEL);
	V("IFA_BROADCAST", IFA_BROADCAST);
	V("IFA_CACHEINFO", IFA_CACHEINFO);
	V("IFA_F_PERMANENT", IFA_F_PERMANENT);
	V("IFA_CACHEINFO_SIZE", sizeof(struct ifa_cacheinfo));
	V("RTMSG_SIZE", sizeof(struct rtmsg));
	V("RTMSG_DST_LEN", offsetof(struct rtmsg, rtm_dst_len));
	V("RTMSG_TABLE", offsetof(struct rtmsg, rtm_table));
	V("RTMSG_PROTOCOL", offsetof(struct rtmsg, rtm_protocol));
	V("RTMSG_SCOPE", offsetof(struct rtmsg, rtm_scope));
	V("RTMSG_TYPE", offsetof(struct rtmsg, rtm_type));
	V("RTMSG_FLAGS", offsetof(struct rtmsg, rtm_flags));
	V("RTA_DST", RTA_DST);
	V("RTA_OIF", RTA_OIF);
	V("RTA_GATEWAY", RTA_GATEWAY);
	V("RTA_PREFSRC", RTA_PREFSRC);
	V("RTA_TABLE", RTA_TABLE);
	V("RT_TABLE_MAIN", RT_TABLE_MAIN);
	V("RT_TABLE_LOCAL", RT_TABLE_LOCAL);
	V("RTPROT_KERNEL", RTPROT_KERNEL);
	V("RTPROT_BOOT", RTPROT_BOOT);
	V("RT_SCOPE_UNIVERSE", RT_SCOPE_UNIVERSE);
	V("RT_SCOPE_LINK", RT_SCOPE_LINK);
	V("RT_SCOPE_HOST", RT_SCOPE_HOST);
	V("RTN_UNICAST", RTN_UNICAST);
	V("RTN_LOCAL", RTN_LOCAL);
	V("RTM_F_CLONED", RTM_F_CLONED);
	V("RTATTR_SIZE", sizeof(struct rtattr));
	V("LX_SOCKADDR_IN_SIZE", LX_SOCKADDR_IN_SIZE);
	V("LX_SOCKADDR_IN_ADDR", LX_SOCKADDR_IN_ADDR);
	V("LX_SOCKADDR_IN6_SIZE", LX_SOCKADDR_IN6_SIZE);
	V("LX_SOCKADDR_IN6_ADDR", LX_SOCKADDR_IN6_ADDR);
	V("LX_SOCKADDR_MAX", LX_SOCKADDR_MAX);
	V("OWNER_XATTR_SIZE", LAMINA_OWNER_XATTR_SIZE);
	printf("OWNER_XATTR %s\n", LAMINA_OWNER_XATTR);
	printf("MUSL_PLUS_PATH %s\n", LAMINA_MUSL_PLUS_PATH);
	return 0;
}
