#ifndef DISPATCH_H
#define DISPATCH_H

#include <stdint.h>
#include <lamina/linux_abi.h>
#include "children.h"
#include "dispatcher.h"

/* process.c */
long process_fork(int (*fn)(void *), void *stack, void *arg);
long process_execve(const char *path, char *const argv[], char *const envp[]);
/* A re-exec's arguments of the init host ("lamina-init exec CHANNEL IGNORED MASK HARD planned|ask"), then the guest's seccomp filters. */
#define INIT_EXEC_ARGS 7
long process_execveat(int dirfd, const char *path, char *const argv[], char *const envp[], long flags);
/* Whether the host reaps this process's children by itself (SIGCHLD ignored, or SA_NOCLDWAIT). */
int signal_children_reaped(void);

/* vdso.c */
/* At an init host's start: the host's vDSO, mapped at base (AT_SYSINFO_EHDR; 0: none). */
void vdso_init(uintptr_t base);
/* Where it is, for a program's AT_SYSINFO_EHDR (0: none, or it cannot read the clock source). */
uintptr_t vdso_base(void);
/* Once Syscall User Dispatch is on: whether the vDSO reads the clocks without a system call. */
void vdso_probe(void);
/* clock_gettime, gettimeofday and time from the vDSO, or DISPATCH_PASS. */
long vdso_time_call(long nr, const long args[6]);
/* Whether a trapped call is the vDSO's own fallback to a system call, made
 * at pc (served as any call is, strict mode or not); after one for a clock
 * it should have read, the init host no longer asks it. */
int vdso_fallback(unsigned long pc, long nr, long clock);

/* vdso_image.c */
/* A vDSO for programs whose call sites are rewritten, whose functions are
 * the init host's time calls (0: none on this architecture). */
uintptr_t vdso_image(void);

/* vfork.c */
/* vfork, and clone's CLONE_VFORK: a fork whose parent waits until the child
 * execs or exits and then sees what the child stored on the parent's stack
 * from sp up (0: plain fork). */
long vfork_fork(unsigned long sp);
/* In a vfork's child about to exec or exit: its stores go to the parent,
 * which goes on. Nothing in any other process. */
void vfork_release(void);
/* In a new child: a vfork's promise was its parent's, not this one's. */
void vfork_forget(void);

/* thread.c */
/* A raw clone(CLONE_THREAD) from guest code in compat mode (a static Go
 * binary's): the new thread resumes the guest after the call, as Linux's
 * does, from the parent's signal frame uc. */
long thread_clone_raw(long flags, void *stack, int *ptid, int *ctid, void *tls, const void *uc);
/* The same from a rewritten svc under the Apple-Silicon rules, from the
 * registers darwin_svc_entry saved (darwin_rules.h). */
long thread_clone_regs(long flags, void *stack, int *ptid, void *tls, int *ctid, const long *regs);
_Noreturn void thread_exit(long code);
/* At an init host's start: the numbers thread channels take are filled. */
void thread_channels_reserve(void);
/* In a new child: the parent's thread channels are not this process's. */
void thread_channels_forget(void);
/* fd moved to a number the guest cannot name (close-on-exec; the fixed
 * range, else the extra one), which is returned; -EMFILE when none is free. */
int thread_fd_hold(int fd);
/* A number thread_fd_hold gave, or a thread's channel, closed and given back. */
void thread_fd_give_back(int fd);
_Noreturn void thread_exit_group(long code);
/* Whether a thread other than the caller may be running guest code (a
 * fork's child counts its parent's as it found them). */
int thread_others_live(void);
/* A fork's child: the parent's other threads, copied with its memory, are
 * none of its own; kept is the forking thread's state, now its main thread's. */
void thread_forked(const struct thread_state *kept);
/* A thread of this process: its host id by its guest id, and back; 0 for none. */
int thread_host_tid(int tid);
int thread_guest_tid(int host_tid);

/* robust_list.c */
void robust_list_release(struct thread_state *t);

/* host_pids.c */
int host_pids_involved(long nr);
long host_pids_call(long nr, long args[6]);
/* Results that carry a host pid, given the container's (0 for a process
 * outside it, as in a pid namespace): a lock's owner, a socket's peer, a
 * signal's sender or child. */
long host_pids_getlk(long fd, struct lx_flock *lock);
/* fcntl F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX: SIGIO's target by the container's pids. */
long host_pids_owner(long fd, long cmd, long arg);
long host_pids_peercred(const long args[6]);
/* SCM_CREDENTIALS as received (the host's pid and ids) in the container's terms. */
void host_pids_credentials(struct lx_ucred *cred);
/* sendmsg with SCM_CREDENTIALS (scm_credentials.c): checked and sent as the host's; DISPATCH_PASS without. */
long scm_credentials_send(long fd, const struct lx_msghdr *guest, long flags);
/* After a recvmsg: the SCM_CREDENTIALS it put in the guest's control buffer in the container's terms. */
long scm_credentials_received(const struct lx_msghdr *guest);
/* A CPU-time clock id (clock_gettime's, timer_create's...) naming a process
 * or one of the caller's threads by the container's id, as the host's; the
 * caller's own and other clocks stay; -EINVAL for one naming none, as Linux
 * answers (the host's number would name another process there). */
long host_pids_clock(long clock);
/* timer_create: a SIGEV_THREAD_ID timer's thread by the host's id. */
long host_pids_timer_create(long clock, const void *event, void *timer);
void host_pids_siginfo(int sig, struct lx_siginfo_child *info);

/* sysv_ipc.c: shmget, shmat... msgctl, served by the kernel's IPC namespace */
long sysv_ipc(long nr, const long args[6]);

/* pi_futex.c: priority-inheritance futex operations, whose words hold guest tids */
int pi_futex_op(long op);
long pi_futex(uint32_t *word, long op, const void *timeout);

/* unix_socket.c */
int unix_names_path(const void *addr, long len);
int unix_placeholder_type(long type);
long unix_socket_open(long type, long protocol);
int unix_placeholder(long fd);
int unix_bound_unlistened(long fd);
void unix_listened(long fd);
long unix_bound_connect(long fd, const void *addr, long len);
long unix_placeholder_call(long nr, long fd, const void *addr, long len, long backlog);
long unix_path_call(long nr, long fd, const void *addr, long len, const long args[6]);
long unix_ask(long op, long a1, const char *name, uint32_t len, int sock, int *file);
int unix_option(long fd, int name);
/* The length of the name in a sockaddr_un of len bytes (at least 2). */
uint32_t unix_name_length(const struct lx_sockaddr_un *a, long len);
/* A call that shows a socket's name (getsockname, getpeername, accept,
 * accept4 with an address asked): a name the kernel bound is shown as the
 * guest bound it. */
long unix_names_call(long nr, const long args[6]);
/* One OP_UNIX_PATH round trip about fd that answers with a name: its length
 * (0: none), or a negative errno. */
long unix_name_ask(long op, long a1, int fd, const char *item, uint32_t item_len, struct lx_sockaddr_un *out);
/* The size of a sockaddr_un holding a name of n bytes, as Linux reports it. */
int unix_name_size(const struct lx_sockaddr_un *a, uint32_t n);
void unix_name_shown(long fd, int peer, void *addr, int *len);
/* send_parts.c: the message of a write, writev, sendto or sendmsg (the
 * caller has checked a sendmsg's header is there); to_len is 0 for no name. */
struct send_parts {
	struct lx_iovec one;
	const struct lx_iovec *iov;
	unsigned long n;
	const void *to;
	long to_len;
	unsigned long control_len;
	long flags;
};
void send_parts(long nr, const long args[6], struct send_parts *p);
/* unix_dgram.c */
long unix_dgram_open(long type, long protocol);
long unix_dgram_pair(long type, long protocol, long sv);
int unix_dgram(long fd);
long unix_dgram_connect(long fd, const void *addr, long len);
long unix_dgram_send(long nr, const long args[6], const char *name, uint32_t len);
long unix_dgram_resend(long nr, const long args[6]);
long unix_dgram_peer(long fd, void *addr, int *len);
void unix_dgram_sender(long fd, void *addr, void *len_p, int cap);
/* shutdown of a datagram socket for sending (SHUT_WR or SHUT_RDWR) */
long unix_dgram_shut(long fd, long how);

/* ports.c: with a port plan, binds, listens and socket names go through
 * the kernel, and so do destinations on loopback */
int ports_in_force(void);
long ports_bind(long fd, const void *addr, long len);
long ports_listen(long fd, long backlog);
long ports_name(long nr, long fd, void *addr, int *len);
int ports_loopback(const void *addr, long len);
long ports_send(long nr, long fd, const void *addr, long len, const long args[6]);
int ports_routed(long nr, const void *addr, long len);
long ports_source(long fd, void *addr, void *len_p, int cap);
int ports_interface_request(unsigned long request);
long ports_interface(long fd, unsigned long request, void *ifr);
long ports_ifconf(long fd, void *arg);

/* tcp_connect.c: with a port plan, TCP connects of sockets this process
 * made, by routes the kernel lets it keep (and client sockets it hands
 * over); what names those sockets first is followed */
void tcp_connect_made(long fd, long domain, long type, long protocol);
void tcp_connect_touched(long nr, const long args[6]);
/* a fork's both sides (child: 1): no socket is fresh any more; the child
 * gives back the parent's client sockets */
void tcp_connect_forked(int child);
/* connect of a fresh IPv4 socket, or DISPATCH_PASS */
long tcp_connect(long fd, const void *addr, long len);
/* One client socket closed, its held number given back: 1, or 0 when none is kept */
int tcp_connect_release(void);

/* netlink.c: NETLINK_ROUTE and ICMP echo sockets answered by the kernel
 * (with a port plan): socket() with LAMINA_SOCKET_NETLINK_OPEN or
 * LAMINA_SOCKET_ECHO_OPEN, or DISPATCH_PASS when the host makes it */
long netlink_socket(int what, long type);
int netlink_marked(long fd);
int netlink_names(const void *addr, long len);
/* write, writev, sendto or sendmsg of a marked socket: the kernel's answer,
 * or DISPATCH_PASS when the socket is not one of its own */
long netlink_send(long nr, const long args[6]);
/* dup, dup2, dup3 or fcntl F_DUPFD*: run, the new descriptor marked as the old */
long netlink_dup(long nr, const long args[6]);
void netlink_closed(long fd);
/* A received address of the kernel's end (AF_UNIX, LAMINA_NETLINK_PEER):
 * made netlink's kernel's (AF_NETLINK, port 0); cap is the caller's room */
int netlink_peer_name(void *addr, void *len_p, int cap);
/* A received address of an echo socket's answerer (AF_UNIX, an IPv4 address
 * then LAMINA_ECHO_PEER): made that address (AF_INET) */
int netlink_echo_peer_name(void *addr, void *len_p, int cap);

/* port_filter.c: bind, listen and port-choosing socket options refused to guest code (seccomp) */
void port_filter_install(void);

/* lifeline.c */
void lifeline_arm(void);

/* landlock.c: the container's domain (file system, signals, abstract
 * sockets); returns the kernel's Landlock ABI, 0 when it has none. Then,
 * with the plan, a layer for TCP ports (ports holds nbind then nconnect
 * u16 values, maybe unaligned) and the one warning for what stays open. */
long landlock_confine(void);
void landlock_limit_tcp(long abi, uint32_t flags, const unsigned char *ports, uint32_t nbind, uint32_t nconnect);
/* A trapped call's host call, unless a signal is held by then (*held set):
 * -LX_ERESTARTNOINTR, not made (arch/ARCH/held_call.S). The instructions from
 * held_call_check up to held_call_syscall are where a signal held there
 * must send the thread to held_call_refused (signal.c). */
long held_call(long nr, const long args[6], const volatile uint64_t *held);
extern const char held_call_check[], held_call_syscall[], held_call_refused[];

/* Signals of this thread (and the processes it starts) kept from the domains above: it gave up root. */
void landlock_scope_signals(void);
void landlock_warn(long abi, uint32_t flags);

/* capabilities.c: all but CAP_NET_BIND_SERVICE dropped for good */
void capabilities_drop(void);
int capabilities_dropped(void);

/* identity.c */
void identity_seed(long ruid, long euid, long rgid, long egid);
long identity_get(long nr);
long identity_set(long nr, const long args[6]);

/* signal.c */
long signal_action(long sig, const void *act, void *oact, long size);
/* Whether SIGSYS carries this process's trapped calls (compat mode, not
 * the Apple-Silicon rules, whose calls are rewritten): the host then never
 * blocks it, and the guest's wish to is kept apart (mask_in_frame). */
int signal_sigsys_traps(void);
/* Whether a SIGSYS sent now reaches a guest handler (not default, ignored or blocked). */
int signal_sigsys_handled(void);
/* rt_sigsuspend, ppoll, pselect6, epoll_pwait(2) when SIGSYS carries traps: the guest's mask without it. */
long signal_masked_wait(long nr, long args[6]);
/* pid 1's ignoring of the signals Linux's namespace init does not take:
 * held from a spawn on (a process the kernel starts may be a container's
 * first, signalled before its plan says; it is spawned with every signal
 * blocked, which the hold ends), settled once the plan names the
 * pid (inherited: those an exec kept ignored for pid 1), passed on across an
 * exec, undone in a new child. */
void signal_init_hold(void);
void signal_init_settle(uint64_t inherited);
/* What an exec keeps ignored and the new init host must be told: pid 1's
 * holds, and the guest's own ignoring of a signal whose host action is the
 * init host's (host_owned in signal.c). */
uint64_t signal_init_ignored(void);
void signal_init_forget(void);
/* pid 1 about to exec: its handlers end with it, so what they took is ignored now
 * (a SIGTERM during the exec would end it otherwise). */
void signal_init_exec(void);
/* A signal the host's own handler got that is the guest's: its handler
 * runs, or it is ignored, or (the default) the process ends by it. */
void signal_to_guest(int sig, void *info, void *uc);
/* Makes SIGSEGV's and SIGBUS's host action the init host's own (host_owned in signal.c), at its start. */
void signal_own_faults(void);

/* dispatch.c: a guest system call whose caller continues at pc (what a
 * signal handler sees as the interrupted pc meanwhile) */
long guest_call(void *pc, long nr, long a1, long a2, long a3, long a4, long a5, long a6);
void signal_enable_dispatch(void);
/* r, with the owner at uid and gid (a stat's or a statx's) as the guest sees it */
long owner_fix(long r, long fd, uint32_t *uid, uint32_t *gid);
/* A generated file's fstat (struct stat) or statx shows what stat of its path shows (generated.c). */
long generated_stat(long r, long fd, unsigned char *st);
long generated_statx(long r, long fd, unsigned char *stx);

#endif
