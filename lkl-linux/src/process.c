/* fork, execve and wait: real host operations, with the kernel told
 * about each so that it can keep the container's pids. */
#include <asm/errno.h>
#include <asm/siginfo.h>
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/stat.h>
#include <linux/wait.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "children.h"
#include "exec_request.h"
#include "call_sites.h"
#include "dispatch.h"
#include "guest_access.h"
#include "fd_limit.h"
#include "host_syscall.h"
#include "route.h"
#include "run_on_stack.h"
#include "seccomp.h"
#include "state.h"
#include "util.h"

_Static_assert(LX_AT_EMPTY_PATH == AT_EMPTY_PATH && LX_AT_SYMLINK_NOFOLLOW == AT_SYMLINK_NOFOLLOW, "execveat's flags");
_Static_assert(LX_WNOWAIT == WNOWAIT && LX_P_PID == P_PID && LX_P_PGID == P_PGID && LX_P_PIDFD == P_PIDFD &&
               LX_WEXITED == WEXITED && LX_WNOHANG == WNOHANG, "linux_abi.h's wait values");
_Static_assert(LX_CLD_TRAPPED == CLD_TRAPPED && LX_CLD_STOPPED == CLD_STOPPED && LX_CLD_CONTINUED == CLD_CONTINUED,
               "linux_abi.h's SIGCHLD codes");

/* A forked child's fn(arg) (a spawn-style clone's) has ended: the process with it. */
static _Noreturn void exit_with(long code)
{
	for (;;) host_syscall1(__NR_exit_group, code);
}

/* Notes a child just forked, unless nothing will forget it: the host reaps
 * it by itself, or another thread's wait reaped it before it was noted
 * (then the pidfd finds no child: ECHILD). */
static void child_forked(long pid, long host_pid, int pidfd)
{
	if (signal_children_reaped()) return;
	children_note(pid, host_pid);
	struct lx_siginfo_child info;
	if (pidfd >= 0 && host_syscall5(__NR_waitid, LX_P_PIDFD, pidfd, &info, LX_WEXITED | LX_WNOHANG | LX_WNOWAIT, 0) == -ECHILD)
		children_forget(host_pid);
}

/* In a new child: take over the channel the parent made for it. Runs under
 * the descriptor-limit lift the parent took around the fork, and ends it. */
static void become_child(struct thread_state *t, int channel, long pid)
{
	thread_bind(t); /* the forking thread's state, now this process's main thread's */
	thread_forked(t);
	host_syscall3(__NR_dup3, channel, LAMINA_CHANNEL_FD, 0);
	host_syscall1(__NR_close, channel);
	thread_channels_forget();
	tcp_connect_forked(1);
	vfork_forget();
	seccomp_forked();
	children_clear(); /* the parent's, not this one's */
	lifeline_arm();
	fd_limit_drop();
	process.pid = (int)pid;
	signal_init_forget();
	t->channel = LAMINA_CHANNEL_FD;
	t->tid = (int)pid;
	signal_enable_dispatch();
}

/* Tells the kernel a fork's outcome with a pidfd of the child: the kernel
 * holds the process itself, never a number that could be another's by the
 * time it is used. A round trip, not posted: the kernel checks that the
 * child is this process's, which it can only while the child is unreaped. */
/* Not posted, though the parent uses no answer: the kernel believes the
 * pidfd only while it names a child of this process, which must not have
 * gone on to exit (its children then the subreaper's) before it is read. */
static void forked(long pid, long error, int pidfd)
{
	struct thread_state *t = thread_current();
	struct lamina_reply reply;
	long args[6] = { pid, error, 0, 0, 0, 0 };
	call_begin(&t->call, t->channel, LAMINA_OP_FORKED, args, 0);
	if (pidfd >= 0) call_attach(&t->call, pidfd);
	call_finish(&t->call, &reply, 0);
	if (pidfd >= 0) host_syscall1(__NR_close, pidfd);
}

long process_fork(int (*fn)(void *), void *stack, void *arg)
{
	uint64_t old;
	int channel;
	long pid = route_fork_channel(&channel, &old);
	if (pid < 0) return pid;
	int pidfd = -1;
	struct thread_state *self = thread_current();
	/* The pidfd, and the child's channel and lifeline numbers, may lie above a guest's lowered limit. */
	fd_limit_lift();
	tcp_connect_forked(0); /* before: the parent's other threads might swap a socket the child holds too */
	call_sites_hold();
	long host_pid = host_syscall5(__NR_clone, LX_SIGCHLD | LX_CLONE_PIDFD, 0, &pidfd, 0, 0);
	if (host_pid == -EINVAL) {
		/* qemu-user before 8.0 knows no CLONE_PIDFD. An own child's pid
		 * names it until it is reaped, so its pidfd is had after. */
		host_pid = host_syscall5(__NR_clone, LX_SIGCHLD, 0, 0, 0, 0);
		if (host_pid > 0) pidfd = (int)host_syscall2(__NR_pidfd_open, host_pid, 0);
	}
	call_sites_release();
	if (host_pid == 0) {
		become_child(self, channel, pid);
		signals_restore(&old);
		if (fn) host_run_on_stack(fn, arg, stack, exit_with);
		return 0;
	}
	host_syscall1(__NR_close, channel);
	if (host_pid > 0) child_forked(pid, host_pid, pidfd);
	forked(pid, host_pid < 0 ? host_pid : 0, pidfd);
	fd_limit_drop();
	signals_restore(&old);
	return host_pid < 0 ? host_pid : pid;
}

long process_execve(const char *path, char *const argv[], char *const envp[])
{
	uint64_t old;
	long r = exec_request(path, argv, envp, &old);
	if (r < 0) return r;
	int planned = r == 1;
	struct thread_state *t = thread_current();
	signal_init_exec();
	/* Every signal stays blocked through the exec, and the new init host
	 * sets the guest's mask: one restored here could let a signal in, to be
	 * held (signal.c) and stay blocked in the new program. Held ones are not
	 * the guest's blocking: still pending, they reach the new program, as
	 * one arriving during an exec. */
	/* the guest's mask: SIGSYS as the guest blocked it, where the host never does (signal.c) */
	uint64_t guest_mask = (old & ~t->deferred) | (signal_sigsys_traps() && t->sigsys_blocked ? 1ull << (LX_SIGSYS - 1) : 0);
	char number[21], ignored[19], mask[19], hard[19];
	/* The guest's own seccomp filters go along (seccomp.c), after these. */
	char *init_argv[INIT_EXEC_ARGS + SECCOMP_FILTERS_MAX + 1] = { "lamina-init", "exec", dec_format(number, t->channel),
	                      hex_format(ignored, signal_init_ignored()), hex_format(mask, guest_mask),
	                      hex_format(hard, fd_limit_guest_hard()), planned ? "planned" : "ask" };
	init_argv[INIT_EXEC_ARGS + seccomp_exec_args(init_argv + INIT_EXEC_ARGS, SECCOMP_FILTERS_MAX)] = 0;
	static char *const init_envp[] = { 0 };
	vfork_release();
	r = host_syscall3(__NR_execve, "/proc/self/exe", init_argv, init_envp);
	print_error("lamina: cannot re-execute the init host", 0);
	host_exit(127);
}

/* execveat: the program named for execve, through /proc/self/fd when it
 * starts from a descriptor (the kernel resolves that link to the
 * descriptor's file; Linux names such a program /dev/fd/N). */
long process_execveat(int dirfd, const char *path, char *const argv[], char *const envp[], long flags)
{
	long len = guest_strlen(path);
	if (len < 0) return -EFAULT;
	if (!len && !(flags & LX_AT_EMPTY_PATH)) return -ENOENT;
	if (flags & ~(LX_AT_EMPTY_PATH | LX_AT_SYMLINK_NOFOLLOW)) return -EINVAL;
	if (flags & LX_AT_SYMLINK_NOFOLLOW) {
		struct stat st;
		long args[6] = { dirfd, (long)path, (long)&st, flags, 0, 0 };
		long r = route_call(__NR_newfstatat, args);
		if (r) return r;
		if (S_ISLNK(st.st_mode)) return -ELOOP;
	}
	if (path[0] == '/' || (dirfd == LX_AT_FDCWD && len)) return process_execve(path, argv, envp);
	if (host_syscall2(__NR_fcntl, dirfd, F_GETFD) < 0) return -EBADF;
	char name[FD_PATH_MAX + 1 + PATH_MAX];
	fd_path(name, "/proc/self/fd/", dirfd);
	size_t at = str_len(name);
	if (len) {
		if (len >= PATH_MAX) return -ENAMETOOLONG;
		name[at++] = '/';
		for (long i = 0; i <= len; i++) name[at + i] = path[i];
	}
	return process_execve(name, argv, envp);
}

int process_own_pid(void) { return process.pid; }
