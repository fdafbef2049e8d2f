package dev.lamina.kernel.abi;

/** Linux flag and mode values (fcntl.h, stat.h, signal.h and friends). */
public final class Flags {
    private Flags() {}

    /** The longest path, NUL included, and so the longest symlink target. */
    public static final int PATH_MAX = 4096;
    /** The longest argument or environment string of an execve, its NUL included (32 pages). */
    public static final int MAX_ARG_STRLEN = 32 * 4096;

    // open(2)
    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int FASYNC = 020000;
    public static final int O_DIRECT = 040000;
    public static final int O_LARGEFILE = 0100000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;
    /** __O_SYNC: O_SYNC is it with O_DSYNC. */
    public static final int O_SYNC_BIT = 04000000;
    public static final int O_PATH = 010000000;
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;
    /** Linux's VALID_OPEN_FLAGS (x86-64's numbers; the aarch64 init host translates its own): open and openat drop
     * the other bits, which GNU dd passes for its iflag=skip_bytes (openat2 refuses them). */
    public static final int VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK
            | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC_BIT | O_PATH
            | O_TMPFILE;
    /** The flags that mean something with O_PATH: open(2) drops the others (openat2 refuses them). */
    public static final int O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

    // terminals: ioctl_tty(2), termios(3)
    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int TIOCGPTN = 0x80045430;
    public static final int TIOCSPTLCK = 0x40045431;
    public static final int IGNBRK = 01, BRKINT = 02, PARMRK = 010, ISTRIP = 040, INLCR = 0100, IGNCR = 0200, ICRNL = 0400,
            IXON = 02000;
    public static final int OPOST = 01;
    public static final int CSIZE = 060, CS8 = 060, PARENB = 0400;
    public static final int ISIG = 01, ICANON = 02, ECHO = 010, ECHONL = 0100, IEXTEN = 0100000;
    public static final int VTIME = 5, VMIN = 6;

    // devices: a dev_t's major and minor (sysmacros.h), and the majors of pty follower sides (devices.txt)
    public static int major(int dev) { return (dev >>> 8) & 0xfff; }
    public static int minor(int dev) { return (dev & 0xff) | ((dev >>> 12) & 0xfff00); }
    public static int makedev(int major, int minor) { return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12); }
    public static final int PTY_FOLLOWER_MAJOR_FIRST = 136, PTY_FOLLOWER_MAJOR_LAST = 143;

    // *at(2)
    public static final int AT_FDCWD = -100;
    /** lseek's whence. */
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    /** The sticky bit: in a directory, only owners remove or rename its names. */
    public static final int S_ISVTX = 01000;
    /** Set-user-ID and set-group-ID (with group execute; without it, mandatory locking) programs. */
    public static final int S_ISUID = 04000, S_ISGID = 02000;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    /** faccessat2: check with the effective ids (AT_REMOVEDIR's value, for another call). */
    public static final int AT_EACCESS = 0x200;
    /** setxattr's flags, and the longest name and value an attribute may have. */
    public static final int XATTR_CREATE = 1, XATTR_REPLACE = 2, XATTR_NAME_MAX = 255, XATTR_SIZE_MAX = 65536;
    /** inotify_add_watch's mask: only a directory; not following a final symlink. */
    public static final int IN_ONLYDIR = 0x01000000, IN_DONT_FOLLOW = 0x02000000;
    /** A timespec's tv_nsec for "now" and for "leave it" in utimensat (libc's sys/stat.h; the uapi headers lack them). */
    public static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;
    /** pidfs's f_type (Linux 6.9; linux/magic.h of 6.1 lacks it) and ioctl PIDFD_GET_INFO (Linux 6.13,
     * on struct pidfd_info's first 64 bytes: see Layouts.PIDFD_INFO_*). */
    public static final long PIDFS_MAGIC = 0x50494446L, PIDFD_GET_INFO = 0xC040FF0BL;
    /** statfs's f_type of the filesystems the kernel makes. */
    public static final long PROC_SUPER_MAGIC = 0x9fa0, SYSFS_MAGIC = 0x62656572, CGROUP2_SUPER_MAGIC = 0x63677270;
    public static final long TMPFS_MAGIC = 0x01021994, DEVPTS_SUPER_MAGIC = 0x1cd1, OVERLAYFS_SUPER_MAGIC = 0x794c7630;
    /** statfs's f_flags (Linux's include/linux/statfs.h, no uapi header has them): read-only, nosuid,
     * nodev, noexec, valid (always set), relatime. */
    public static final long ST_RDONLY = 1, ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_VALID = 0x20, ST_RELATIME = 4096;
    /** statx's sync choice: AT_STATX_FORCE_SYNC (0x2000) or AT_STATX_DONT_SYNC (0x4000), never both. */
    public static final int AT_STATX_SYNC_TYPE = 0x6000;
    /** statx's mask: STATX_TYPE through STATX_BLOCKS, what struct stat holds; the reserved bit. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_RESERVED = 0x80000000;
    /** statx's mask bit for the birth time (Layouts.STATX_BTIME is its field). */
    public static final int STATX_BTIME_BIT = 0x800;

    // openat2(2) resolve flags
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_IN_ROOT = 0x10;

    // access(2)
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    // st_mode
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 060000;
    public static final int S_IFDIR = 040000;
    public static final int S_IFCHR = 020000;
    public static final int S_IFIFO = 010000;

    // memfd_create(2)
    public static final int MFD_CLOEXEC = 1;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int SHUT_RDWR = 2;
    public static final int F_GET_SEALS = 1034;

    // socket(2), ip(7), ipv6(7), netlink(7)
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int AF_ALG = 38;
    public static final int AF_VSOCK = 40;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    /** socket()'s type: the type itself, below the flags. */
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int SOCK_NONBLOCK = O_NONBLOCK;
    public static final int SO_TYPE = 3;
    public static final int SO_PROTOCOL = 38;
    /** Lets sockets of one user share a port: a published port's placeholder and the guest's socket that takes it over. */
    public static final int SO_REUSEPORT = 15;
    /** Lets a published port's sockets bind over TCP connections of the container's run before in TIME_WAIT. */
    public static final int SO_REUSEADDR = 2;
    public static final int SO_DOMAIN = 39;
    public static final int SO_COOKIE = 57;
    /** Options a socket the kernel makes in a placeholder's stead takes from it. */
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_PASSCRED = 16;
    public static final int SO_RCVTIMEO_OLD = 20;
    public static final int SO_SNDTIMEO_OLD = 21;
    public static final int SO_PASSSEC = 34;

    // prctl(2), landlock(7): a thread of the kernel's own under the abstract-socket scope
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    // prctl(2) on capabilities (OP_CAPS), securebits(7)
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_GET_KEEPCAPS = 7;
    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_GET_SECUREBITS = 27;
    public static final int PR_SET_SECUREBITS = 28;
    public static final int SECBIT_KEEP_CAPS = 16;
    public static final int PR_GET_DUMPABLE = 3;
    public static final int PR_SET_DUMPABLE = 4;
    // getrlimit(2)'s resources (the exec plan's rlimit item)
    public static final int RLIMIT_CPU = 0;
    public static final int RLIMIT_FSIZE = 1;
    public static final int RLIMIT_DATA = 2;
    public static final int RLIMIT_STACK = 3;
    public static final int RLIMIT_CORE = 4;
    public static final int RLIMIT_RSS = 5;
    public static final int RLIMIT_NPROC = 6;
    public static final int RLIMIT_NOFILE = 7;
    public static final int RLIMIT_MEMLOCK = 8;
    public static final int RLIMIT_AS = 9;
    public static final int RLIMIT_LOCKS = 10;
    public static final int RLIMIT_SIGPENDING = 11;
    public static final int RLIMIT_MSGQUEUE = 12;
    public static final int RLIMIT_NICE = 13;
    public static final int RLIMIT_RTPRIO = 14;
    public static final int RLIMIT_RTTIME = 15;
    /** RLIM_NLIMITS: the resources there are. */
    public static final int RLIMIT_COUNT = 16;
    // setpriority(2)'s which, and ioprio_set(2)'s
    public static final int PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
    public static final int IOPRIO_WHO_PROCESS = 1, IOPRIO_WHO_PGRP = 2, IOPRIO_WHO_USER = 3;
    /** An I/O priority: its class above IOPRIO_CLASS_SHIFT bits of level; best effort's normal level. */
    public static final int IOPRIO_CLASS_SHIFT = 13, IOPRIO_CLASS_BE = 2, IOPRIO_BE_NORM = 4;
    /** struct sched_attr's size in Linux 6.1, the most the channel carries (syscalls.tbl's in:56). */
    public static final int SCHED_ATTR_SIZE_VER1 = 56;
    /** landlock_create_ruleset's flag that asks for the ABI version; the version that scopes abstract sockets. */
    public static final int LANDLOCK_CREATE_RULESET_VERSION = 1, LANDLOCK_ABI_SCOPES = 6;
    public static final int LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET = 1;
    public static final int IPPROTO_IP = 0;
    public static final int IP_BIND_ADDRESS_NO_PORT = 24;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_UDPLITE = 136;
    public static final int IPPROTO_MPTCP = 262;
    public static final int IPV6_V6ONLY = 26;
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_KOBJECT_UEVENT = 15;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int SCM_CREDENTIALS = 2;
    /** getsockopt(2): the connecting process's credentials (struct ucred), and a pidfd for it (Linux 6.5). */
    public static final int SO_PEERCRED = 17;
    public static final int SO_PEERPIDFD = 77;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_WR = 1;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    // renameat2(2)
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    // unshare(2): a private fs_struct (cwd, root, umask)
    public static final int CLONE_FS = 0x200;

    // poll(2)
    public static final short POLLIN = 1;

    // sigaction(2): the host's flag, read on the JVM's own handlers (channel.BlockedCalls)
    public static final long SA_RESTART = 0x10000000L;

    // eventfd(2), memfd_create(2) and file seals: the kernel's waits and its System V segments
    public static final int EFD_CLOEXEC = 02000000;
    public static final int MFD_ALLOW_SEALING = 2;
    public static final int MFD_HUGETLB = 4;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_SEAL_SEAL = 1;
    public static final int F_SEAL_SHRINK = 2;
    public static final int F_SEAL_GROW = 4;
    public static final int F_SEAL_FUTURE_WRITE = 16;
    public static final int SIOCOUTQ = 0x5411;
    public static final int F_DUPFD_CLOEXEC = 1030;

    // System V IPC (linux/ipc.h, shm.h, sem.h, msg.h)
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int IPC_NOWAIT = 04000;
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    public static final int IPC_STAT = 2;
    public static final int IPC_INFO = 3;
    public static final int SHM_HUGETLB = 04000;
    public static final int SHM_NORESERVE = 010000;
    public static final int SHM_RDONLY = 010000;
    public static final int SHM_EXEC = 0100000;
    public static final int SHM_DEST = 01000;
    public static final int SHM_LOCKED = 02000;
    public static final int SHM_LOCK = 11;
    public static final int SHM_UNLOCK = 12;
    public static final int SHM_STAT = 13;
    public static final int SHM_INFO = 14;
    public static final int SHM_STAT_ANY = 15;
    public static final int SEM_UNDO = 0x1000;
    public static final int GETPID = 11;
    public static final int GETVAL = 12;
    public static final int GETALL = 13;
    public static final int GETNCNT = 14;
    public static final int GETZCNT = 15;
    public static final int SETVAL = 16;
    public static final int SETALL = 17;
    public static final int SEM_STAT = 18;
    public static final int SEM_INFO = 19;
    public static final int SEM_STAT_ANY = 20;
    public static final int MSG_STAT = 11;
    public static final int MSG_INFO = 12;
    public static final int MSG_STAT_ANY = 13;
    public static final int MSG_NOERROR = 010000;
    public static final int MSG_EXCEPT = 020000;
    public static final int MSG_COPY = 040000;

    // signals
    public static final int NSIG = 64;
    public static final int SIGKILL = 9;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int P_PIDFD = 3;
    public static final int WNOHANG = 1;
    public static final int WEXITED = 4;
    /** siginfo's si_code for SIGCHLD: an exit, a kill, a kill with a core dump. */
    public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;
    public static final int SIGTERM = 15;
    public static final int SIGSTOP = 19;

    // wait status
    public static boolean exited(int status) { return (status & 0x7f) == 0; }
    /** A wait status that reports a stop or a continue, not an end. */
    public static boolean stoppedOrContinued(int status) { return (status & 0xff) == 0x7f || (status & 0xffff) == 0xffff; }
    public static int exitCode(int status) { return (status >> 8) & 0xff; }
    public static int termSignal(int status) { return status & 0x7f; }
}
