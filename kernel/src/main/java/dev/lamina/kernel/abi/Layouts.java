package dev.lamina.kernel.abi;

/** Byte layouts of the x86-64 Linux structures the kernel reads or writes
 * (AbiContractTest checks those the C side also knows against the uapi
 * headers). */
public final class Layouts {
    private Layouts() {}

    /** struct termios as the kernel takes it (asm-generic/termbits.h): four flag words, the line, 19 control characters. */
    public static final int TERMIOS_SIZE = 36;
    public static final int TERMIOS_IFLAG = 0;
    public static final int TERMIOS_OFLAG = 4;
    public static final int TERMIOS_CFLAG = 8;
    public static final int TERMIOS_LFLAG = 12;
    public static final int TERMIOS_CC = 17;

    /** siginfo_t (asm-generic/siginfo.h) as waitid fills it for a child: its code, pid and status. */
    public static final int SIGINFO_SIZE = 128;
    public static final int SIGINFO_CODE = 8;
    public static final int SIGINFO_PID = 16;
    public static final int SIGINFO_STATUS = 24;

    /** struct winsize: rows, columns and two pixel sizes, 16 bits each. */
    public static final int WINSIZE_SIZE = 8;

    /** Two struct timespec (utimensat) or two struct timeval (utimes). */
    public static final int TIMESPEC_PAIR_SIZE = 32;

    /** struct stat (asm/stat.h). */
    public static final int STAT_SIZE = 144;
    public static final int STAT_DEV = 0;
    public static final int STAT_INO = 8;
    public static final int STAT_NLINK = 16;
    public static final int STAT_MODE = 24;
    public static final int STAT_UID = 28;
    public static final int STAT_GID = 32;
    public static final int STAT_RDEV = 40;
    public static final int STAT_SIZE_FIELD = 48;
    public static final int STAT_BLKSIZE = 56;
    public static final int STAT_BLOCKS = 64;
    public static final int STAT_ATIME = 72;
    public static final int STAT_MTIME = 88;

    /** struct statx (linux/stat.h): the timestamps are struct statx_timestamp (s64 seconds, u32 nanoseconds, 4 spare bytes). */
    public static final int STATX_SIZE = 256;
    public static final int STATX_MASK = 0;
    public static final int STATX_BLKSIZE = 4;
    public static final int STATX_NLINK = 16;
    public static final int STATX_UID = 20;
    public static final int STATX_GID = 24;
    public static final int STATX_MODE = 28;
    public static final int STATX_INO = 32;
    public static final int STATX_SIZE_FIELD = 40;
    public static final int STATX_BLOCKS = 48;
    public static final int STATX_ATIME = 64;
    public static final int STATX_BTIME = 80;
    public static final int STATX_CTIME = 96;
    public static final int STATX_MTIME = 112;
    public static final int STATX_RDEV_MAJOR = 128;
    public static final int STATX_DEV_MAJOR = 136;

    /** struct pidfd_info (Linux 6.13; newer than the uapi headers the build uses): mask, cgroupid, then pid, tgid, ppid. */
    public static final int PIDFD_INFO_PID = 16;
    public static final int PIDFD_INFO_PPID = 24;

    /** struct statfs. */
    public static final int STATFS_SIZE = 120;
    /** The kernel's struct sigaction (linux_abi.h's lx_sigaction) and its sigset, as rt_sigaction takes them. */
    public static final int SIGACTION_SIZE = 32;
    public static final int SIGACTION_HANDLER = 0;
    public static final int SIGACTION_FLAGS = 8;
    public static final int SIGSET_SIZE = 8;
    public static final int STATFS_TYPE = 0, STATFS_BSIZE = 8, STATFS_NAMELEN = 64, STATFS_FRSIZE = 72, STATFS_FLAGS = 80;
    public static final int STATFS_BLOCKS = 16, STATFS_BFREE = 24, STATFS_BAVAIL = 32;

    /** struct utsname: six fields of 65 bytes. */
    public static final int UTSNAME_FIELD = 65;
    public static final int UTSNAME_SIZE = 6 * UTSNAME_FIELD;

    /** struct sockaddr_un: family, then sun_path. */
    public static final int SUN_PATH = 2;
    public static final int SUN_PATH_MAX = 108;
    public static final int SOCKADDR_UN_SIZE = SUN_PATH + SUN_PATH_MAX;

    /** struct sockaddr_in and sockaddr_in6: the family, the port (big-endian), then the address;
     * struct sockaddr_storage, the longest address a socket call takes. */
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN_PORT = 2;
    public static final int SOCKADDR_IN_ADDR = 4;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_IN6_PORT = 2;
    public static final int SOCKADDR_IN6_FLOWINFO = 4;
    public static final int SOCKADDR_IN6_ADDR = 8;
    public static final int SOCKADDR_IN6_SCOPE_ID = 24;
    public static final int SOCKADDR_MAX = 128;
    /** struct sockaddr_nl: family, padding, nl_pid, then nl_groups. */
    public static final int SOCKADDR_NL_GROUPS = 8;

    /** struct open_how (linux/openat2.h). */
    public static final int OPEN_HOW_SIZE = 24;
    public static final int OPEN_HOW_FLAGS = 0;
    public static final int OPEN_HOW_MODE = 8;
    public static final int OPEN_HOW_RESOLVE = 16;

    /** struct msghdr, struct iovec and a cmsghdr carrying one fd. */
    public static final int MSGHDR_SIZE = 56;
    public static final int MSGHDR_NAMELEN = 8;
    public static final int MSGHDR_IOV = 16;
    public static final int MSGHDR_IOVLEN = 24;
    public static final int MSGHDR_CONTROL = 32;
    public static final int MSGHDR_CONTROLLEN = 40;
    public static final int IOVEC_SIZE = 16;
    public static final int IOVEC_LEN = 8;
    /** Room for a cmsghdr with up to two fds. */
    public static final int CMSG_SPACE = 24;
    public static final int CMSG_ONE_FD_LEN = 20;
    public static final int CMSG_TWO_FDS_LEN = 24;
    public static final int CMSG_LEN = 0;
    public static final int CMSG_LEVEL = 8;
    public static final int CMSG_TYPE = 12;
    public static final int CMSG_DATA = 16;
    /** A cmsghdr carrying one struct ucred (SCM_CREDENTIALS: pid, uid, gid), and the room it takes. */
    public static final int CMSG_UCRED_LEN = 28;
    public static final int CMSG_UCRED_SPACE = 32;

    /** posix_spawn's opaque types in glibc (generous upper bounds). */
    public static final int SPAWN_FILE_ACTIONS_SIZE = 80;
    public static final int SPAWNATTR_SIZE = 336;

    /** struct landlock_ruleset_attr as of ABI 6 (linux_abi.h's lx_landlock_ruleset_attr). */
    public static final int LANDLOCK_RULESET_ATTR_SIZE = 24;
    /** capget/capset: the header (version, pid), its version 3, and the data (one entry per 32 capabilities). */
    public static final int CAPS_HEADER_SIZE = 8, CAPS_VERSION_3 = 0x20080522, CAPS_DATA_ENTRY = 12, CAPS_DATA_SIZE = 24;
    public static final int LANDLOCK_RULESET_ATTR_SCOPED = 16;
    /** struct __kernel_old_timeval: SO_RCVTIMEO_OLD's and SO_SNDTIMEO_OLD's value. */
    public static final int OLD_TIMEVAL_SIZE = 16;

    /** System V IPC's structs in their 64-bit forms (IPC_64), x86-64's: struct ipc64_perm, heading each ctl's struct. */
    public static final int IPC_PERM_SIZE = 48;
    public static final int IPC_PERM_KEY = 0;
    public static final int IPC_PERM_UID = 4;
    public static final int IPC_PERM_GID = 8;
    public static final int IPC_PERM_CUID = 12;
    public static final int IPC_PERM_CGID = 16;
    public static final int IPC_PERM_MODE = 20;
    public static final int IPC_PERM_SEQ = 24;
    /** struct shmid64_ds. */
    public static final int SHMID_DS_SIZE = 112;
    public static final int SHMID_SEGSZ = 48;
    public static final int SHMID_ATIME = 56;
    public static final int SHMID_DTIME = 64;
    public static final int SHMID_CTIME = 72;
    public static final int SHMID_CPID = 80;
    public static final int SHMID_LPID = 84;
    public static final int SHMID_NATTCH = 88;
    /** struct shminfo64 (IPC_INFO: five longs, then four unused) and struct shm_info (SHM_INFO: an int, then five longs). */
    public static final int SHMINFO_SIZE = 72;
    public static final int SHM_INFO_SIZE = 48;
    /** struct semid64_ds: x86-64's has a long of padding after each time (asm-generic's has none: the aarch64 init host moves them). */
    public static final int SEMID_DS_SIZE = 104;
    public static final int SEMID_OTIME = 48;
    public static final int SEMID_CTIME = 64;
    public static final int SEMID_NSEMS = 80;
    /** struct seminfo: ten ints. struct sembuf: u16 number, s16 operation, s16 flags. */
    public static final int SEMINFO_SIZE = 40;
    public static final int SEMBUF_SIZE = 6;
    /** struct msqid64_ds. */
    public static final int MSQID_DS_SIZE = 120;
    public static final int MSQID_STIME = 48;
    public static final int MSQID_RTIME = 56;
    public static final int MSQID_CTIME = 64;
    public static final int MSQID_CBYTES = 72;
    public static final int MSQID_QNUM = 80;
    public static final int MSQID_QBYTES = 88;
    public static final int MSQID_LSPID = 96;
    public static final int MSQID_LRPID = 100;
    /** struct sysinfo: the memory a shmget may take without SHM_NORESERVE (totalram and totalswap, in mem_unit). */
    public static final int SYSINFO_SIZE = 112;
    public static final int SYSINFO_TOTALRAM = 32;
    public static final int SYSINFO_TOTALSWAP = 64;
    public static final int SYSINFO_MEM_UNIT = 104;
    /** struct msginfo: seven ints and a short. */
    public static final int MSGINFO_SIZE = 32;
}
