package dev.lamina.kernel.channel;

/** The init host's wire protocol: the Java mirror of
 * lkl-common/include/lamina/channel.h (AbiContractTest checks every value
 * against the C side). */
public final class Protocol {
    private Protocol() {}

    public static final int CHANNEL_FD = 1023;
    /** The descriptors above the guest's an init host keeps for its threads' channels (fd_limit.c): a
     * hard limit set below their end would cost a thread its channel. */
    public static final int FD_EXTRA_FIRST = 1024, FD_EXTRA_COUNT = 448;
    public static final int LIFELINE_FD = 1022;
    public static final int FD_FIRST = 960;
    public static final int SPAWN_CHANNEL_FD = 3;
    public static final int SPAWN_LIFELINE_FD = 4;
    /** The zygote's requests: the program and its argv as NUL-terminated strings, the fds attached. */
    public static final int ZYGOTE_REQUEST_MAX = 4096;
    public static final int ZYGOTE_ARGS_MAX = 16;
    public static final int ZYGOTE_FDS = 5;
    public static final int ZYGOTE_FD_CHANNEL = 3;
    public static final int ZYGOTE_FD_LIFELINE = 4;
    /** struct lamina_zygote_reply: i32 pid, i32 error. */
    public static final int ZYGOTE_REPLY_SIZE = 8;
    public static final int ZYGOTE_REPLY_PID = 0;
    public static final int ZYGOTE_REPLY_ERROR = 4;

    /** struct lamina_request: u32 size, i32 op, i64 args[6]. */
    public static final int REQUEST_HEADER = 56;
    public static final int REQUEST_SIZE = 0;
    public static final int REQUEST_OP = 4;
    public static final int REQUEST_ARGS = 8;
    /** struct lamina_reply: i64 ret, u32 size, u16 nfds, u16 flags. */
    public static final int REPLY_HEADER = 16;
    public static final int REPLY_RET = 0;
    public static final int REPLY_SIZE = 8;
    public static final int REPLY_NFDS = 12;
    public static final int REPLY_FLAGS = 14;
    public static final int REPLY_CLOEXEC = 1;
    public static final int REPLY_FDS_MAX = 32;

    /** Or'ed into a request's op: no reply is sent, the thread has gone on (THREAD_STARTED, ARGS, REAPED). */
    public static final int OP_POSTED = 0x40000000;

    /** Whether op may be posted: only news whose answer the init host does not use (any other posted is forged). */
    public static boolean postable(int op) {
        return op == OP_THREAD_STARTED || op == OP_ARGS || op == OP_REAPED || op == OP_INTERRUPT;
    }
    public static final int OP_BASE = 0x10000;
    public static final int OP_EXEC_PLAN = OP_BASE + 1;
    public static final int OP_FORK = OP_BASE + 2;
    public static final int OP_FORKED = OP_BASE + 3;
    public static final int OP_THREAD = OP_BASE + 4;
    public static final int OP_THREAD_STARTED = OP_BASE + 5;
    public static final int OP_HOST_PID = OP_BASE + 6;
    public static final int OP_GUEST_PID = OP_BASE + 7;
    public static final int OP_REAPED = OP_BASE + 8;
    public static final int OP_STRICT_VIOLATION = OP_BASE + 9;
    public static final int OP_UNIX_PATH = OP_BASE + 10;
    /** OP_UNIX_PATH's a0: hand back the socket file; bind the attached socket; or, for a placeholder
     * attached, a socket made like it: bound and listening, connected, or listening at a name of its own. */
    public static final int UNIX_FILE = 0;
    public static final int UNIX_BIND = 1;
    public static final int UNIX_NEW_BIND = 2;
    public static final int UNIX_NEW_CONNECT = 3;
    public static final int UNIX_NEW_LISTEN = 4;
    /** OP_UNIX_PATH's a0 for datagram sockets, which the kernel makes unable to send and sends for (UnixDatagrams). */
    public static final int UNIX_DGRAM_OPEN = 5;
    public static final int UNIX_DGRAM_CONNECT = 6;
    public static final int UNIX_DGRAM_SEND = 7;
    public static final int UNIX_DGRAM_PEER = 8;
    public static final int UNIX_DGRAM_SHUT = 9;
    /** OP_UNIX_PATH's a0: the name a socket the kernel bound shows, its own or its peer's (UnixNames). */
    public static final int UNIX_NAME = 10;
    /** OP_UNIX_PATH's a0: the attached socket, which a guest bound by path (the kernel made it listening), connects
     * to the item's name: a socket like it, connected and showing its name, comes back in its stead. */
    public static final int UNIX_BOUND_CONNECT = 11;
    public static final int OP_EXEC = OP_BASE + 11;
    public static final int OP_SOCKET = OP_BASE + 12;
    /** a0, a1, a2: the new program's arguments' start and end and its environment's end (ArgArea). */
    public static final int OP_ARGS = OP_BASE + 13;
    /** A prctl on the capabilities the kernel keeps: a0 the option (PR_CAPBSET_*, PR_*_KEEPCAPS, PR_*_SECUREBITS, PR_*_NO_NEW_PRIVS), a1 its argument. */
    public static final int OP_CAPS = OP_BASE + 14;
    /** a0: a guest pid, a1: 0 for its effective uid, 1 for its effective gid (SO_PEERCRED's ids). */
    public static final int OP_PEER_ID = OP_BASE + 15;
    /** Linux's overflow id, which a user namespace shows for an id it cannot map: what a peer or sender the kernel
     * cannot name shows (a connection it made and has forgotten), where the host's user would show as root. */
    public static final int OVERFLOW_ID = 65534;
    /** OP_PEER_ID's a1: which id (SO_PEERCRED's are the effective ones, SCM_CREDENTIALS' the real ones). */
    public static final int PEER_EUID = 0;
    public static final int PEER_EGID = 1;
    public static final int PEER_RUID = 2;
    public static final int PEER_RGID = 3;
    /** System V IPC (kernel.ipc): a0 one of IPC_*, a1..a5 the call's arguments but its buffers. */
    public static final int OP_IPC = OP_BASE + 16;
    /** Posted by a signal handler while its thread awaits a reply: a call blocked in the kernel ends with EINTR. */
    public static final int OP_INTERRUPT = OP_BASE + 17;
    /** OP_IPC's a0. */
    public static final int IPC_SHMGET = 1;
    public static final int IPC_SHMAT = 2;
    public static final int IPC_SHM_ATTACHED = 3;
    public static final int IPC_SHMDT = 4;
    public static final int IPC_SHMCTL = 5;
    public static final int IPC_SEMGET = 6;
    public static final int IPC_SEMTIMEDOP = 7;
    public static final int IPC_SEMCTL = 8;
    public static final int IPC_MSGGET = 9;
    public static final int IPC_MSGSND = 10;
    public static final int IPC_MSGRCV = 11;
    public static final int IPC_MSGCTL = 12;
    /** OP_SOCKET's a0. */
    public static final int SOCKET_BIND = 1;
    public static final int SOCKET_LISTEN = 2;
    public static final int SOCKET_NAME = 3;
    public static final int SOCKET_PEER = 4;
    public static final int SOCKET_DESTINATION = 5;
    public static final int SOCKET_SOURCE = 6;
    public static final int SOCKET_INTERFACE = 7;
    public static final int SOCKET_NETLINK_OPEN = 8;
    /** A send on a socket the kernel answers: a1 the destination's length, the first item when not 0. */
    public static final int SOCKET_NETLINK_SEND = 9;
    public static final int SOCKET_ECHO_OPEN = 10;
    /** SOCKET_DESTINATION's a1 bits and struct lamina_route_grant (u64 epoch, u32 flags, u32 reserved). */
    public static final int ROUTE_GRANT = 1;
    public static final int ROUTE_EPOCH = 2;
    public static final int ROUTE_CLIENT = 1;
    public static final int ROUTE_GRANT_SIZE = 16;
    /** How the names start that the kernel binds guests' sockets at (then DIR_FD/NAME). */
    public static final String KERNEL_BOUND = "/proc/self/fd/";
    /** How the paths start that the kernel sends a named guest datagram socket's datagrams from (a directory of its
     * own, then /COOKIE-N: net.DatagramSenders): the receiver's init host asks for the guest's name behind one (UNIX_NAME, SENDER). */
    public static final String DGRAM_SENDER = "/tmp/lamina-dgram-";
    /** UNIX_NAME's first argument: the name is a datagram's sender (DGRAM_SENDER), not the socket's own or its peer's. */
    public static final int NAME_SENDER = 2;
    /** OP_HOST_PID's second argument for a process group's id: one whose leader has ended goes on while members
     * remain, named by the host pid its leader had. */
    public static final int HOST_PID_GROUP = 1;
    /** How the abstract names of the kernel's ends of NETLINK_ROUTE sockets start. */
    public static final String NETLINK_PEER = "lamina:rtnl:";
    /** What follows the IPv4 address in the abstract names of the sockets that answer ICMP echo sockets. */
    public static final String ECHO_PEER = "lamina:icmp:";
    /** The mode (the sticky bit marks it) and the name's prefix of the memfd a generated file opens as
     * (procfs.GeneratedMemfd). */
    public static final int GENERATED_MODE = 01444;
    public static final String GENERATED_MEMFD = "lamina-proc:";

    /** struct lamina_exec_plan: argc, envc, pid, ruid, euid, rgid, egid, host_uid, host_gid, flags (u32 each),
     * then nbind, nconnect, nrlimit and a reserved u16, then proc_dev, proc_ino, dev_dev and dev_ino (u64 each). */
    public static final int PLAN_SIZE = 80;
    public static final int PLAN_ARGC = 0;
    public static final int PLAN_ENVC = 4;
    public static final int PLAN_PID = 8;
    public static final int PLAN_RUID = 12;
    public static final int PLAN_EUID = 16;
    public static final int PLAN_RGID = 20;
    public static final int PLAN_EGID = 24;
    public static final int PLAN_HOST_UID = 28;
    public static final int PLAN_HOST_GID = 32;
    public static final int PLAN_FLAGS = 36;
    public static final int PLAN_NBIND = 40;
    public static final int PLAN_NCONNECT = 42;
    public static final int PLAN_NRLIMIT = 44;
    public static final int PLAN_PROC_DEV = 48;
    public static final int PLAN_PROC_INO = 56;
    public static final int PLAN_DEV_DEV = 64;
    public static final int PLAN_DEV_INO = 72;
    /** struct lamina_rlimit: resource (u32, then 4 reserved bytes), cur, max (u64). */
    public static final int RLIMIT_SIZE = 24;
    public static final int RLIMIT_RESOURCE = 0;
    public static final int RLIMIT_CUR = 8;
    public static final int RLIMIT_MAX = 16;
    public static final int PLAN_COMPAT = 1;
    public static final int PLAN_SUBREAPER = 2;
    public static final int PLAN_TERMINAL = 4;
    public static final int PLAN_CONFINE = 8;
    public static final int PLAN_CONFINE_BIND_TCP = 16;
    public static final int PLAN_CONFINE_CONNECT_TCP = 32;
    public static final int PLAN_PORTS = 64;
    public static final int PLAN_ISOLATED = 128;
    /** aarch64 guests loaded and run under the Apple-Silicon rules (lkl-linux/src/arch/aarch64/darwin_rules.c). */
    public static final int PLAN_DARWIN_RULES = 256;
    /** A set-user-ID or set-group-ID exec: AT_SECURE (the effective ids differ from the real ones). */
    public static final int PLAN_SECURE = 512;

    /** Requests larger than this are refused (argv and envp of an execve included). */
    public static final int REQUEST_MAX = 8 << 20;
}
