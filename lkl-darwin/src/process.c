/* Guest processes on Darwin: a fork is Darwin's, the kernel told of it as
 * on Linux (LAMINA_OP_FORK gives the child its guest pid and channel,
 * LAMINA_OP_FORKED the outcome). The child keeps only the forking thread,
 * as any fork does: it takes its channel, forgets the parent's threads,
 * children and pending signals, and watches the engine again (a kqueue and
 * its thread do not come along). wait4 and waitid are the shared
 * children.c's over the host layer's. An execve is the shared request to
 * the kernel (exec_request.h), then the init host's own executable run
 * afresh in "exec" mode (init.c). musl+'s spawn-style clone (posix_spawn's)
 * is a fork whose child runs its function, and vfork a fork whose parent
 * waits for the child's exec or end. Written and compiled, never run on a
 * Mac; the kernel's hold on a Darwin process (Linux's is a pidfd, which
 * Darwin lacks) is not written (docs/macos.md). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mach-o/dyld.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "children.h"
#include "darwin_calls.h"
#include "dispatcher.h"
#include "exec_request.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "process.h"
#include "route.h"
#include "run_on_stack.h"
#include "state.h"
#include "thread.h"
#include "util.h"
#include "xlat.h"
#if defined(__aarch64__)
#include "darwin_maps.h"
#include "raise.h"
#include "signals.h"
#endif

static int own_pid;
/* The init host's own executable, which an exec runs afresh (Darwin has no /proc/self/exe). */
static char self_path[PATH_MAX];

int process_own_pid(void) { return own_pid; }

int darwin_process_start(int pid, int resolve)
{
	own_pid = pid;
	char found[PATH_MAX];
	uint32_t size = sizeof found;
	if (_NSGetExecutablePath(found, &size)) return -1;
	/* after an exec, the path it was run by: resolved already */
	if (!resolve) return snprintf(self_path, sizeof self_path, "%s", found) < (int)sizeof self_path ? 0 : -1;
	return realpath(found, self_path) ? 0 : -1;
}

long darwin_execve(const char *path, char *const argv[], char *const envp[])
{
	uint64_t old;
	long r = exec_request(path, argv, envp, &old);
	if (r < 0) return r;
	struct thread_state *t = thread_current();
	/* Every signal stays blocked through the exec; the new init host sets
	 * the guest's mask (Darwin's deferral blocks nothing: thread.c). The
	 * signals it ignores stay ignored, and it watches the same engine. */
	uint64_t guest_mask = old;
#if defined(__aarch64__)
	uint64_t ignored_set = darwin_signals_ignored();
#else
	uint64_t ignored_set = 0; /* an Intel Mac's guest has no handlers yet (docs/macos.md) */
#endif
	char number[21], ignored[19], mask[19], hard[19], engine[21];
	char *init_argv[] = { "lamina-init", "exec", dec_format(number, t->channel), hex_format(ignored, ignored_set),
	                      hex_format(mask, guest_mask), hex_format(hard, fd_limit_guest_hard()), r == 1 ? "planned" : "ask",
	                      dec_format(engine, darwin_lifeline_engine()), 0 };
	static char *const init_envp[] = { 0 };
	execve(self_path, init_argv, init_envp);
	print_error("lamina: cannot re-execute the init host", 0);
	_exit(127);
}

/* The host's locks that another thread may hold at the fork, taken in
 * their order (the threads' list before the signal queues), so that the
 * child finds them free. */
static void locks_hold(int hold)
{
#if defined(__aarch64__)
	if (!hold) {
		darwin_maps_fork_hold(0);
		darwin_signals_fork_hold(0);
		darwin_raise_fork_hold(0);
	}
#endif
	thread_fork_hold(hold);
#if defined(__aarch64__)
	if (hold) {
		darwin_raise_fork_hold(1);
		darwin_signals_fork_hold(1);
		darwin_maps_fork_hold(1);
	}
#endif
}

/* In the child: what it has of its own. Runs under the parent's lift of
 * the descriptor limit, and ends it. */
static void become_child(struct thread_state *t, int channel, long pid, int keep)
{
	thread_forked(t, keep);
	dup2(channel, LAMINA_CHANNEL_FD);
	close(channel);
	t->channel = LAMINA_CHANNEL_FD;
	t->tid = (int)pid;
	own_pid = (int)pid;
	children_clear();
#if defined(__aarch64__)
	darwin_raise_forked(t);
#endif
	if (darwin_lifeline_forked()) {
		fputs("lamina: init: a forked process cannot watch the engine\n", stderr);
		_exit(126);
	}
	fd_limit_drop();
}

/* The fork's outcome, as lkl-linux tells it but without a pidfd, which
 * Darwin lacks: the child's host pid instead. The kernel on Linux takes a
 * report without a pidfd for a child gone; its form for a Mac, which is to
 * hold the child by that pid and its unique id, is not written. */
static void forked(long pid, long error, long host_pid)
{
	struct thread_state *t = thread_current();
	struct lamina_reply reply;
	long args[6] = { pid, error, host_pid, 0, 0, 0 };
	call_begin(&t->call, t->channel, LAMINA_OP_FORKED, args, 0);
	call_finish(&t->call, &reply, 0);
}

/* The clone flags a fork may carry: its exit signal, and where the
 * child's id goes (glibc's fork asks for it at ctid). */
#define FORK_FLAGS (CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

/* Notes a child just forked, unless nothing will forget it: Darwin reaps
 * it by itself (SIGCHLD ignored, or SA_NOCLDWAIT), or another thread's
 * wait reaped it before it was noted (then it is no child: ECHILD). */
static void child_forked(long pid, pid_t host_pid)
{
	struct sigaction chld;
	if (sigaction(SIGCHLD, 0, &chld) || chld.sa_handler == SIG_IGN || (chld.sa_flags & SA_NOCLDWAIT)) return;
	children_note(pid, host_pid);
	siginfo_t info;
	if (waitid(P_PID, (id_t)host_pid, &info, WEXITED | WNOHANG | WNOWAIT) && errno == ECHILD) children_forget(host_pid);
}

/* A spawn-style clone's child ends with what fn returned. */
static void spawned_exit(long code) { _exit((int)code); }

/* vfork's promise without shared memory: the parent waits until the child
 * execs or ends, told by the end of a pipe the child holds close-on-exec.
 * Both ends at numbers of the extra range, marked (fd_args.c: guest calls
 * cannot name them, and another thread's fork closes them in its child);
 * gate[0] -1 when there is no pipe to be had (then the parent does not
 * wait, as lkl-linux's vfork out of descriptors). */
static int extra_fd(int fd)
{
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, LAMINA_FD_EXTRA_FIRST);
	close(fd);
	if (moved >= LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT) {
		close(moved);
		return -1;
	}
	if (moved >= 0) thread_fd_extra(moved, 1);
	return moved;
}

static void gate_close(int fd)
{
	if (fd < 0) return;
	close(fd);
	thread_fd_extra(fd, 0);
}

static void gate_open(int gate[2])
{
	int p[2];
	gate[0] = gate[1] = -1;
	if (pipe(p)) return;
	gate[0] = extra_fd(p[0]);
	gate[1] = extra_fd(p[1]);
	if (gate[0] < 0 || gate[1] < 0) {
		gate_close(gate[0]);
		gate_close(gate[1]);
		gate[0] = gate[1] = -1;
	}
}

static void gate_pass(const int gate[2])
{
	if (gate[0] < 0) return;
	gate_close(gate[1]);
	char c;
	while (read(gate[0], &c, 1) < 0 && errno == EINTR) {}
	gate_close(gate[0]);
}

/* The fork: in the child, fn(arg) on stack when given (and never a
 * return); the parent waits for the child's exec or end when wait. */
static long fork_process(long flags, int *ptid, int *ctid, int (*fn)(void *), void *stack, void *arg, int wait)
{
	uint64_t old;
	int channel;
	long pid = route_fork_channel(&channel, &old);
	if (pid < 0) return pid;
	struct thread_state *self = thread_current();
	fd_limit_lift(); /* the child's channel and lifeline may lie above a guest's lowered limit */
	int gate[2] = { -1, -1 };
	if (wait) gate_open(gate);
	/* No handler of the host's may run between the locks and the fork: the carrier is not a guest signal. */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	locks_hold(1);
	pid_t host_pid = fork();
	int error = errno;
	locks_hold(0);
	pthread_sigmask(SIG_SETMASK, &was, 0);
	if (host_pid == 0) {
		gate_close(gate[0]);
		become_child(self, channel, pid, gate[1]);
		if (flags & CLONE_CHILD_SETTID) guest_copy(ctid, &self->tid, sizeof(int));
		if (flags & CLONE_CHILD_CLEARTID) self->clear_tid = ctid;
		signals_restore(&old);
		if (fn) host_run_on_stack(fn, arg, stack, spawned_exit);
		return 0;
	}
	close(channel);
	if (host_pid > 0) child_forked(pid, host_pid);
	forked(pid, host_pid < 0 ? -(long)xlat_errno_from_darwin(error) : 0, host_pid);
	fd_limit_drop();
	gate_pass(gate);
	signals_restore(&old);
	if (host_pid < 0) return -(long)xlat_errno_from_darwin(error);
	if (flags & CLONE_PARENT_SETTID) guest_copy(ptid, &(int){ (int)pid }, sizeof(int));
	return pid;
}

long darwin_fork(long flags, void *stack, int *ptid, int *ctid)
{
	/* Go's os/exec: clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on the same
	 * stack, a vfork (its child reports a failed exec through a pipe) */
	long vfork = CLONE_VM | CLONE_VFORK;
	int waits = (flags & vfork) == vfork;
	if (waits) flags &= ~vfork;
	/* Another exit signal, a stack of its own (glibc's posix_spawn), or a clone sharing memory or the thread group: not written. */
	if ((flags & ~(long)(FORK_FLAGS | CSIGNAL)) || (flags & CSIGNAL) != LINUX_SIGCHLD || stack) return -LINUX_ENOSYS;
	return fork_process(flags, ptid, ctid, 0, 0, 0, waits);
}

long guest_vfork(void *stack_pointer)
{
	(void)stack_pointer; /* the memory is a copy: the child's stores stay its own */
	return fork_process(LINUX_SIGCHLD, 0, 0, 0, 0, 0, 1);
}

long darwin_spawn_clone(int (*fn)(void *), void *stack, long flags, void *arg)
{
	/* musl's posix_spawn (CLONE_VM | CLONE_VFORK | SIGCHLD): a fork whose
	 * child runs fn on the given stack, in its own copy of the memory, and
	 * whose parent waits for the exec as CLONE_VFORK asks (musl learns of
	 * a failed exec through a pipe, not through the memory it would share) */
	if ((flags & ~(long)(CLONE_VM | CLONE_VFORK | CSIGNAL)) || (flags & CSIGNAL) != LINUX_SIGCHLD) return -LINUX_EINVAL;
	return fork_process(LINUX_SIGCHLD, 0, 0, fn, stack, arg, (flags & CLONE_VFORK) != 0);
}
