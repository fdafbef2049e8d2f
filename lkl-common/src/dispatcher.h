/* The init host's code shared by every host (lkl-linux, lkl-darwin): the
 * dispatcher's order of decisions, the route table, the round trip and the
 * channel protocol. It speaks Linux only: system call numbers and errno
 * values from Linux's uapi headers, the guest's architecture's.
 *
 * What each host brings, in its own src directory (searched after this
 * one, so the names resolve to the host's):
 *   host_syscall.h  host_syscall6(nr, ...): run the Linux call nr on the
 *                   host (Linux: the syscall instruction; Darwin: the
 *                   translation layer), host_cpu_relax(), then host_call.h;
 *   state.h         struct thread_state with at least `channel`, `in_call`,
 *                   `deferred` and `call`, and thread_current();
 * and the functions below. */
#ifndef DISPATCHER_H
#define DISPATCHER_H

#include <stdint.h>
#include <lamina/host_abi.h>

struct thread_state;

/* Every guest system call lands here (musl+ calls it; on Linux in compat
 * mode so does the SIGSYS handler). */
long dispatch_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

extern const struct lamina_host_abi host_abi;

/* What dispatch_answer returns for a call it leaves to the route table and
 * then dispatch_local: no system call returns it. */
#define DISPATCH_PASS (-0x7fffffffffffffffL - 1)

/* The host's: a call the init host answers itself (cached ids, processes,
 * threads, ports...), or DISPATCH_PASS. */
long dispatch_answer(long nr, long args[6]);
/* The host's: a call that is neither answered nor routed. */
long dispatch_local(long nr, long args[6]);

/* fd_args.c: whether a call names one of the init host's own descriptors */
int fd_args_reserved(long nr, const long args[6]);
int thread_fd_reserved(long fd);
/* A thread channel in the extra range (LAMINA_FD_EXTRA_FIRST) taken or given back. */
void thread_fd_extra(long fd, int held);
int thread_fd_extra_held(long fd);

/* The host's: guest signals that arrived during a round trip, raised now
 * that it is over. */
void signal_replay_deferred(struct thread_state *t);
/* The host's: whether a call the kernel ended for the held signals
 * (-LX_ERESTARTSYS) is made again once they are let in, as Linux restarts
 * one whose handler (the first signal's it delivers: the lowest) has
 * SA_RESTART, or when none has a handler. A trapped call (compat mode) the
 * trap's end makes again: 0 then. None held: 0, never a loop. */
int signal_call_again(struct thread_state *t, uint64_t held);

/* The host's musl+ entry points (host_abi.h): its system call entry (which
 * ends in dispatch_syscall), thread creation, a thread's last call and vfork. */
long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
int thread_clone(int (*fn)(void *), void *stack, int flags, void *arg,
                 int *ptid, void *tls, int *ctid);
_Noreturn void thread_unmapself(void *base, unsigned long size);
long guest_vfork(void *stack_pointer);

#endif
