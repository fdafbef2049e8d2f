/* The wire protocol between an init host and the Lamina kernel.
 *
 * Each guest thread has its own channel: an AF_UNIX stream socket. The
 * init host writes a request and blocks until the reply arrives. Numbers
 * are little-endian. The Java side mirrors this file in
 * dev.lamina.kernel.channel.Protocol. */
#ifndef LAMINA_CHANNEL_H
#define LAMINA_CHANNEL_H

#include <stdint.h>

/* The process channel's fd number in every init host, then the lifeline's
 * (a pipe that hangs up when the kernel's process ends: see lifeline.c);
 * thread channels take the numbers below, down to LAMINA_FD_FIRST. Guests
 * cannot touch them. A first init host, spawned by the kernel, finds its
 * channel and the lifeline at the SPAWN numbers and moves them up. */
#define LAMINA_CHANNEL_FD 1023
#define LAMINA_LIFELINE_FD 1022
#define LAMINA_FD_FIRST 960
/* Thread channels past the numbers below: taken from this range when those
 * are all in use, at numbers the guest does not hold, refused to the guest
 * only while a channel holds them. */
#define LAMINA_FD_EXTRA_FIRST 1024
#define LAMINA_FD_EXTRA_COUNT 448
#define LAMINA_SPAWN_CHANNEL_FD 3
#define LAMINA_SPAWN_LIFELINE_FD 4

/* The zygote ("lamina-init zygote", lkl-linux/src/zygote.c): one process
 * per kernel, confined once (capabilities, the container filter), that starts
 * every confined init host as the kernel's own child. It finds its socket at
 * the SPAWN channel number. A request is one message of at most
 * LAMINA_ZYGOTE_REQUEST_MAX bytes: the init host's arguments (at most
 * LAMINA_ZYGOTE_ARGS_MAX, each NUL-terminated; the zygote runs its own
 * program, and only to start an init host confined), with the
 * LAMINA_ZYGOTE_FDS fds the init host gets attached, in the order of
 * LAMINA_ZYGOTE_FD_* (standard input, output and error first). */
#define LAMINA_ZYGOTE_REQUEST_MAX 4096
#define LAMINA_ZYGOTE_ARGS_MAX 16
#define LAMINA_ZYGOTE_FDS 5
#define LAMINA_ZYGOTE_FD_CHANNEL 3
#define LAMINA_ZYGOTE_FD_LIFELINE 4

struct lamina_zygote_reply {
	int32_t pid;    /* the init host's pid, or a negative errno (EINVAL: a request refused) */
	int32_t error;  /* 0: it runs the program; else execve's errno, and it has exited */
};

/* A request: a Linux syscall number or one of LAMINA_OP_*, its six raw
 * arguments, then `size` bytes of items. An item is a u32 length and that
 * many bytes; strings are sent with their terminating NUL. A fd may ride
 * along with SCM_RIGHTS. */
struct lamina_request {
	uint32_t size;
	int32_t op;
	int64_t args[6];
};

/* A reply: the call's result (negative errno on failure), then `size`
 * bytes of items, one per output buffer of the call. */
struct lamina_reply {
	int64_t ret;
	uint32_t size;
	uint16_t nfds;      /* fds attached with SCM_RIGHTS */
	uint16_t flags;     /* LAMINA_REPLY_* */
};

#define LAMINA_REPLY_CLOEXEC 1  /* the attached fd is close-on-exec */
/* The most fds one reply carries (a request: two). */
#define LAMINA_REPLY_FDS_MAX 32

/* Or'ed into a request's op by a sender that wants no reply: the kernel
 * serves it and answers nothing, and the thread goes on at once. For news
 * whose answer the init host does not use (THREAD_STARTED, ARGS, a REAPED
 * whose pid it knows); the channel keeps their order with the calls
 * after them. */
#define LAMINA_OP_POSTED 0x40000000

/* Operations that are not Linux system calls. */
enum {
	LAMINA_OP_BASE = 0x10000,
	LAMINA_OP_EXEC_PLAN,    /* a fresh init host asks what to run */
	LAMINA_OP_FORK,         /* fd: the child's channel; returns the child's pid */
	LAMINA_OP_FORKED,       /* a0: child pid, a1: 0, or the fork's negative errno;
	                         * fd: a pidfd of the child, which the kernel keeps
	                         * if its process is the sender's child */
	LAMINA_OP_THREAD,       /* fd: the thread's channel; returns its tid */
	LAMINA_OP_THREAD_STARTED, /* a0: tid, a1: host tid */
	LAMINA_OP_HOST_PID,     /* a0: a guest pid; returns the host's; a1: LAMINA_HOST_PID_GROUP
	                         * when it names a process group, which outlives its leader */
	LAMINA_OP_GUEST_PID,    /* a0: a host pid, a1: the signal it sent (or 0);
	                         * returns the guest's, 0 if none. fd: a
	                         * connected AF_UNIX socket whose peer the host
	                         * pid is (SO_PEERCRED) */
	LAMINA_OP_REAPED,       /* a0: host pid, a1: wait status; returns the pid
	                         * (believed only if the process has ended) */
	LAMINA_OP_STRICT_VIOLATION, /* a0: syscall number, a1: address */
	LAMINA_OP_UNIX_PATH,    /* a0: LAMINA_UNIX_*; a1: NEW_LISTEN's backlog;
	                         * item: the name as sun_path holds it (a path,
	                         * or NUL and an abstract name; none: unnamed).
	                         * FILE: the reply carries the socket file as an
	                         * O_PATH fd. BIND: the socket rides along and
	                         * the kernel binds it. NEW_*: a placeholder
	                         * rides along; the reply carries a socket the
	                         * kernel made like it (type, O_NONBLOCK,
	                         * options) and bound and listening, connected,
	                         * or listening at a name it chose.
	                         * DGRAM_*: datagram sockets (unix_socket.c).
	                         * OPEN: a1: socket()'s type; the reply
	                         * carries a socket that receives only.
	                         * CONNECT, SEND, PEER, SHUT: the guest's
	                         * socket rides along. CONNECT: item: the
	                         * peer's name (empty: none). SEND: a1: the
	                         * send's flags; items: the name (empty: the
	                         * peer), then the message's parts; the kernel
	                         * sends it. PEER: reply item: the peer's
	                         * name. SHUT: the guest shut it for sending.
	                         * NAME: a1: 1 for the peer's name, 0 for its
	                         * own; item: the name the host shows; reply
	                         * item: the name the guest bound (none: the
	                         * host's stays) */
	LAMINA_OP_EXEC,         /* a1: argc, a2: envc; items: the path, argc
	                         * argument and envc environment strings; fd:
	                         * the new init host's channel. The kernel
	                         * keeps the plan for OP_EXEC_PLAN on it */
	LAMINA_OP_SOCKET,       /* with a port plan (LAMINA_PLAN_PORTS): a0:
	                         * LAMINA_SOCKET_*; the socket rides along.
	                         * BIND: item: the address; LISTEN: a1: backlog;
	                         * NAME, PEER: reply item: the address as the
	                         * guest sees it; DESTINATION: item: a loopback
	                         * or container address; reply item: where it
	                         * leads on the host (none: where it says);
	                         * a1, a2: a TCP connect's (struct
	                         * lamina_route_grant below); SOURCE: item: an address received (accept,
	                         * recvfrom); reply item: as the guest sees it;
	                         * INTERFACE: a1: a SIOCGIF* request; item: the
	                         * struct ifreq; reply item: it answered;
	                         * NETLINK_OPEN (no socket along): a1:
	                         * socket()'s type; reply: the socket attached,
	                         * ret 1 when the kernel answers it (netlink.c),
	                         * 0 for a host one; NETLINK_SEND: items: the
	                         * message's parts; reply: an empty item when
	                         * the kernel answered it (ret: bytes taken),
	                         * none when the host is to send it */
	LAMINA_OP_ARGS,         /* a0: where the new program's argument strings
	                         * start on its stack, a1: where they end, a2:
	                         * where its environment strings (just above)
	                         * end: /proc/PID/cmdline reads them there, as
	                         * Linux reads arg_start..arg_end (setproctitle);
	                         * all 0: none known. Item: the auxiliary vector
	                         * the program got, through AT_NULL, for
	                         * /proc/PID/auxv */
	LAMINA_OP_CAPS,         /* a prctl on the capabilities the kernel keeps:
	                         * a0: PR_CAPBSET_READ, PR_CAPBSET_DROP,
	                         * PR_GET_KEEPCAPS, PR_SET_KEEPCAPS,
	                         * PR_GET_SECUREBITS, PR_SET_SECUREBITS,
	                         * PR_GET_NO_NEW_PRIVS, PR_SET_NO_NEW_PRIVS,
	                         * PR_GET_DUMPABLE or PR_SET_DUMPABLE (whose flag
	                         * owns /proc/PID, and which the host's init host
	                         * must keep for the kernel to read it);
	                         * a1: its argument; returns prctl's result */
	LAMINA_OP_PEER_ID,      /* one id of a process (every guest runs as
	                         * the host's user), a1: LAMINA_PEER_*
	                         * (SO_PEERCRED's are the effective ids,
	                         * SCM_CREDENTIALS' the real ones). a2: its
	                         * host pid, as the host gave it: a live guest
	                         * of the container's answers, any other
	                         * -ESRCH (the init host shows its host ids,
	                         * the host's user as LAMINA_OVERFLOW_ID); the
	                         * kernel's own pid: with fd, a connected
	                         * AF_UNIX socket whose peer the kernel
	                         * connected, the ids its guest connected
	                         * with; without, a datagram the kernel sent
	                         * for a guest, a0 the id it came with, which
	                         * is that guest's when the kernel sends them
	                         * (else LAMINA_OVERFLOW_ID). a2 0: a0, a guest
	                         * pid (LAMINA_OVERFLOW_ID for one that names no
	                         * process now, -ESRCH for 0) */
	LAMINA_OP_IPC,          /* System V IPC in the container's own namespace,
	                         * which the kernel keeps (sysv_ipc.c): a0:
	                         * LAMINA_IPC_*, a1..a5: the call's arguments
	                         * but its buffers; item: the bytes the call
	                         * reads (sembufs, a message, a ctl's struct);
	                         * reply item: the bytes it writes (a ctl's
	                         * struct or values, a message and its type) */
	LAMINA_OP_INTERRUPT,    /* posted by a signal handler while its thread
	                         * awaits a reply: a call the kernel is blocked
	                         * in (semop, msgsnd, msgrcv) ends with EINTR;
	                         * any other goes on */
};

/* LAMINA_OP_IPC's calls. A blocking one waits in the kernel until it can
 * go on, its time is up (SEMTIMEDOP's a4: nanoseconds, -1 for ever) or a
 * LAMINA_OP_INTERRUPT comes. */
enum {
	LAMINA_IPC_SHMGET = 1,   /* key, size, flags */
	LAMINA_IPC_SHMAT,        /* id, flags: returns the segment's size, its memfd attached */
	LAMINA_IPC_SHM_ATTACHED, /* id, the address it was mapped at (0: it was not) */
	LAMINA_IPC_SHMDT,        /* address: returns the size mapped there */
	LAMINA_IPC_SHMCTL,       /* id, cmd */
	LAMINA_IPC_SEMGET,       /* key, nsems, flags */
	LAMINA_IPC_SEMTIMEDOP,   /* id, nsops, timeout; item: the sembufs */
	LAMINA_IPC_SEMCTL,       /* id, semnum, cmd, SETVAL's value; SETALL without
	                          * its item returns the set's length */
	LAMINA_IPC_MSGGET,       /* key, flags */
	LAMINA_IPC_MSGSND,       /* id, size, flags; item: the type and text */
	LAMINA_IPC_MSGRCV,       /* id, size, type, flags; reply item: the type and text */
	LAMINA_IPC_MSGCTL,       /* id, cmd */
};

/* Linux's overflow id, which a user namespace shows for an id it cannot
 * map: what a peer or sender the kernel cannot name shows, where the host's
 * user would show as root */
#define LAMINA_OVERFLOW_ID 65534

/* LAMINA_OP_PEER_ID's a1 */
enum {
	LAMINA_PEER_EUID,
	LAMINA_PEER_EGID,
	LAMINA_PEER_RUID,
	LAMINA_PEER_RGID,
};

enum {
	LAMINA_UNIX_FILE,
	LAMINA_UNIX_BIND,
	LAMINA_UNIX_NEW_BIND,
	LAMINA_UNIX_NEW_CONNECT,
	LAMINA_UNIX_NEW_LISTEN,
	LAMINA_UNIX_DGRAM_OPEN,
	LAMINA_UNIX_DGRAM_CONNECT,
	LAMINA_UNIX_DGRAM_SEND,
	LAMINA_UNIX_DGRAM_PEER,
	LAMINA_UNIX_DGRAM_SHUT,
	LAMINA_UNIX_NAME,
	LAMINA_UNIX_BOUND_CONNECT, /* a socket bound by path (listening: BOUND_MARK) connects */
};

enum {
	LAMINA_SOCKET_BIND = 1,
	LAMINA_SOCKET_LISTEN,
	LAMINA_SOCKET_NAME,
	LAMINA_SOCKET_PEER,
	LAMINA_SOCKET_DESTINATION,
	LAMINA_SOCKET_SOURCE,
	LAMINA_SOCKET_INTERFACE,
	LAMINA_SOCKET_NETLINK_OPEN,
	/* a send on a socket the kernel answers (NETLINK_ROUTE or ICMP echo):
	 * a1 is the length of the destination address, the first item when
	 * not 0; the message follows */
	LAMINA_SOCKET_NETLINK_SEND,
	LAMINA_SOCKET_ECHO_OPEN,
};

/* A TCP connect to a container address or a loopback port without a round
 * trip (tcp_connect.c): SOCKET_DESTINATION's a1 with ROUTE_GRANT asks
 * whether the answer may be kept, with ROUTE_EPOCH for the epoch page
 * too (a read-only memfd whose first 8 bytes count every change of the
 * containers' ports and addresses); a2 is how many client sockets the
 * init host would take. A reply with ret 1 has this item first, then the
 * address item (none: where it says), the epoch page attached first if
 * asked, then, for ROUTE_CLIENT, up to a2 client sockets: AF_INET stream
 * sockets bound at the container's loopback address, no port yet
 * (IP_BIND_ADDRESS_NO_PORT), which a guest's socket is swapped for before
 * it connects to another container, as the kernel would bind it. */
#define LAMINA_ROUTE_GRANT 1
#define LAMINA_ROUTE_EPOCH 2
#define LAMINA_ROUTE_CLIENT 1
struct lamina_route_grant {
	uint64_t epoch;   /* the answer holds while the epoch page reads this */
	uint32_t flags;   /* LAMINA_ROUTE_CLIENT */
	uint32_t reserved;
};
_Static_assert(sizeof(struct lamina_route_grant) == 16, "Protocol.ROUTE_GRANT_SIZE");

/* The kernel binds a guest's socket at a path through a directory it holds,
 * as this and then DIR_FD/NAME: the name the host then shows for it, which
 * the init host turns back into the guest's (unix_socket.c). */
#define LAMINA_KERNEL_BOUND "/proc/self/fd/"

/* The kernel sends a named guest datagram socket's datagrams from a path
 * that starts with this (a directory of the kernel's own, mode 0700, then
 * /COOKIE-N), which the receiver's init host asks the sender's name for
 * (LAMINA_UNIX_NAME with LAMINA_NAME_SENDER). */
#define LAMINA_DGRAM_SENDER "/tmp/lamina-dgram-"
#define LAMINA_NAME_SENDER 2

/* LAMINA_OP_HOST_PID's a1 for a process group's id: a group whose leader
 * has ended (an ended pipeline's first process) goes on while members
 * remain, named by the host pid its leader had. */
#define LAMINA_HOST_PID_GROUP 1

/* The kernel's end of a NETLINK_ROUTE socket it answers is bound at an
 * abstract AF_UNIX name that starts with this. */
#define LAMINA_NETLINK_PEER "lamina:rtnl:"

/* The kernel answers an ICMP echo socket's requests from AF_UNIX sockets
 * bound at abstract names of 4 bytes, the answering IPv4 address, then
 * this: the 4 bytes fit in the 16 of a sockaddr_in the guest receives
 * into, by which the init host shows that address as the sender. */
#define LAMINA_ECHO_PEER "lamina:icmp:"

/* A file the kernel generates (most of /proc's, some of /sys's) opens as a
 * memfd of the kernel's, with this mode (the sticky bit marks it) and a
 * name of this prefix, then what stat of its path shows: st_dev, st_ino,
 * uid and gid, in decimal, then the path, ':' apart. The init host's fstat
 * of it shows those too (generated.c), as Linux's stat and fstat of a file
 * agree (GeneratedMemfd.java). */
#define LAMINA_GENERATED_MODE 01444
#define LAMINA_GENERATED_MEMFD "lamina-proc:"

/* The fixed part of an exec plan reply; the items that follow are the
 * program's AT_EXECFN, then argc argument strings, then envc environment
 * strings, then, when nbind + nconnect > 0, one item of that many u16 TCP
 * ports: first those the container may bind, then those it may connect
 * to, then, when nrlimit > 0, one item of that many struct lamina_rlimit.
 * The program's file comes attached, and after it its interpreter's
 * when the kernel could open it. */
struct lamina_exec_plan {
	uint32_t argc, envc;
	int32_t pid;
	uint32_t ruid, euid, rgid, egid;
	uint32_t host_uid, host_gid;
	uint32_t flags;     /* LAMINA_PLAN_* */
	uint16_t nbind, nconnect;
	uint16_t nrlimit, reserved;
	/* the container's /proc directory as the host's fstat shows it (0, 0:
	 * none): the kernel lists it, in Linux's order */
	uint64_t proc_dev, proc_ino;
	/* the same of its /dev directory: the kernel lists it, with the types
	 * of the devices it serves there (plain files on the host) */
	uint64_t dev_dev, dev_ino;
};
_Static_assert(sizeof(struct lamina_exec_plan) == 80, "Protocol.PLAN_SIZE");

/* A resource limit (`docker run --ulimit`) a process the kernel starts
 * (the container's first, an exec) sets before its program runs; an
 * execve's new program keeps the limits it had, as on Linux. Linux's
 * RLIMIT_* numbers, the same on every architecture Lamina serves. */
struct lamina_rlimit {
	uint32_t resource, reserved;
	uint64_t cur, max;  /* RLIM_INFINITY: ~0 */
};
_Static_assert(sizeof(struct lamina_rlimit) == 24, "Protocol.RLIMIT_SIZE");

/* Where the kernel serves musl+ in every container: a program loaded by any
 * other interpreter (glibc's ld.so) brings its own libc, served in compat
 * mode. The kernel's GuestArch.muslPlusPath(). */
#if defined(__aarch64__)
#define LAMINA_MUSL_PLUS_PATH "/lib/ld-musl-aarch64.so.1"
#else
#define LAMINA_MUSL_PLUS_PATH "/lib/ld-musl-x86_64.so.1"
#endif

#define LAMINA_PLAN_COMPAT 1     /* serve stray syscall instructions */
#define LAMINA_PLAN_SUBREAPER 2  /* this is the container's pid 1 */
#define LAMINA_PLAN_TERMINAL 4   /* fd 0 is the container's terminal: make it the controlling one */
/* Confinement (landlock.c), applied by a container's first init host only:
 * the file system, signals and abstract sockets; with the next two flags,
 * TCP bind or connect too, to the listed ports only (without them, that
 * class is left open). */
#define LAMINA_PLAN_CONFINE 8
#define LAMINA_PLAN_CONFINE_BIND_TCP 16
#define LAMINA_PLAN_CONFINE_CONNECT_TCP 32
/* The container has a port space of its own (ports.c): every bind and
 * listen goes through the kernel, and with LAMINA_PLAN_CONFINE guest code
 * may make neither itself (port_filter.c). */
#define LAMINA_PLAN_PORTS 64
/* With a port space, the container reaches no host (--network none or
 * internal networks only): every destination goes to the kernel, which
 * refuses what is not its own or its networks' containers'. */
#define LAMINA_PLAN_ISOLATED 128
/* aarch64: load and run guest code under the Apple-Silicon rules (svc and
 * tpidr_el0 rewritten, W^X, 16 KiB pages), as lkl-darwin must on a Mac */
#define LAMINA_PLAN_DARWIN_RULES 256
/* A set-user-ID or set-group-ID exec (the effective ids differ from the
 * real ones): AT_SECURE, so the program's loader ignores LD_PRELOAD and
 * the like, as Linux's secureexec */
#define LAMINA_PLAN_SECURE 512

#endif
