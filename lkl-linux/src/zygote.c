/* The zygote: confinement's shared part, made once. Capabilities and the
 * container filter are the same for every container, and a seccomp filter
 * costs the process that makes it more than its own calls: the kernel
 * compiles it, and frees it from a worker on the reaping CPU once the last
 * process holding it ends. So the kernel starts this one process per JVM,
 * which drops the capabilities and installs the filter once, and asks it
 * for each confined init host (InitHosts, Zygote.java): the zygote clones
 * with CLONE_PARENT, so the init host is the kernel's own child, as one it
 * spawned itself, and shares the zygote's filter, which then never goes.
 * The init host makes its Landlock domain itself (landlock.c): a domain is
 * the container's own, or containers could signal one another.
 *
 * Requests come only from the kernel: the socket is a socketpair the kernel
 * made, no init host inherits it, and guests cannot signal, trace or
 * reach this process (their Landlock domain is nested below none it has). */
#include <asm/errno.h>
#include <linux/close_range.h>
#include <linux/fcntl.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "container_filter.h"
#include "process_filter.h"
#include "start.h"
#include "util.h"
#include "zygote.h"

#define SOCKET LAMINA_SPAWN_CHANNEL_FD

_Static_assert(LAMINA_ZYGOTE_FD_CHANNEL == LAMINA_SPAWN_CHANNEL_FD &&
               LAMINA_ZYGOTE_FD_LIFELINE == LAMINA_SPAWN_LIFELINE_FD &&
               LAMINA_ZYGOTE_FDS == LAMINA_SPAWN_LIFELINE_FD + 1,
               "an init host's fds go to 0..LAMINA_ZYGOTE_FDS-1, where spawning puts them");
_Static_assert(sizeof(struct lamina_zygote_reply) == 8, "the reply Zygote.java reads");
_Static_assert(LX_CLOSE_RANGE_CLOEXEC == CLOSE_RANGE_CLOEXEC, "close_range's flag");

/* Its own program, the init host, which is all it starts (held open: what
 * it starts is the file it was started from). */
static int own_program;

struct request {
	char text[LAMINA_ZYGOTE_REQUEST_MAX + 1];
	char *argv[LAMINA_ZYGOTE_ARGS_MAX + 1];
	int fds[LAMINA_ZYGOTE_FDS];
	volatile int exec_error; /* the clone's, when its exec failed */
};

/* The two ways an init host starts confined, each making the container's
 * Landlock domain before any guest code runs (init.c): served, and nothing
 * else, whoever asks. */
static int confined_start(char **argv, int argc)
{
	return (argc == 3 && str_eq(argv[1], "spawn") && str_eq(argv[2], "confine"))
	       || (argc >= 4 && str_eq(argv[1], "confined-exec"));
}

/* The next request; 0 when the kernel hung up, -EINVAL for a malformed one
 * (its fds closed). */
static long receive(struct request *r)
{
	/* room for one fd more than a request brings, so that a longer list shows (and is closed) */
	struct {
		unsigned long len;
		int level, type;
		int fds[LAMINA_ZYGOTE_FDS + 1];
	} __attribute__((aligned(8))) control = { 0, 0, 0, { -1, -1, -1, -1, -1, -1 } };
	struct lx_iovec iov = { r->text, LAMINA_ZYGOTE_REQUEST_MAX };
	struct lx_msghdr msg = { 0, 0, &iov, 1, &control, sizeof control, 0 };
	long n;
	do n = host_syscall3(__NR_recvmsg, SOCKET, &msg, LX_MSG_CMSG_CLOEXEC);
	while (n == -EINTR);
	if (n <= 0) return 0;
	int nfds = msg.controllen >= LX_CMSG_HEADER && control.level == LX_SOL_SOCKET && control.type == LX_SCM_RIGHTS
	           ? (int)((control.len - LX_CMSG_HEADER) / sizeof(int)) : 0;
	if (nfds > LAMINA_ZYGOTE_FDS + 1) nfds = LAMINA_ZYGOTE_FDS + 1;
	for (int i = 0; i < LAMINA_ZYGOTE_FDS; i++) r->fds[i] = control.fds[i];
	/* the arguments, each ending with its NUL, the last at the message's end */
	int argc = 0;
	int ok = nfds == LAMINA_ZYGOTE_FDS && !(msg.flags & (LX_MSG_TRUNC | LX_MSG_CTRUNC)) && r->text[n - 1] == 0;
	for (long at = 0; ok && at < n; argc++) {
		ok = argc < LAMINA_ZYGOTE_ARGS_MAX;
		r->argv[argc] = r->text + at;
		while (r->text[at]) at++;
		at++;
	}
	if (ok && confined_start(r->argv, argc)) {
		r->argv[argc] = 0;
		return 1;
	}
	for (int i = 0; i < nfds; i++) host_syscall1(__NR_close, control.fds[i]);
	return -EINVAL;
}

/* The clone's own stack: it shares the zygote's memory until its exec. */
static char child_stack[16 * 1024] __attribute__((aligned(16)));

/* In the clone: the fds at 0..LAMINA_ZYGOTE_FDS-1, in a session of its own,
 * then the program. Signals stay blocked, as the init host expects (and a
 * handler could not run here anyway: the zygote installs none). Returns
 * only when the exec failed, its errno in r->exec_error, which the zygote
 * reads once the clone has ended (CLONE_VFORK). */
static int become(void *arg)
{
	struct request *r = arg;
	host_syscall0(__NR_setsid);
	int moved[LAMINA_ZYGOTE_FDS];
	/* above every target first, so that no move overwrites another's source */
	for (int i = 0; i < LAMINA_ZYGOTE_FDS; i++)
		moved[i] = (int)host_syscall3(__NR_fcntl, r->fds[i], F_DUPFD_CLOEXEC, LAMINA_ZYGOTE_FDS);
	for (int i = 0; i < LAMINA_ZYGOTE_FDS; i++)
		if (moved[i] < 0 || host_syscall3(__NR_dup3, moved[i], i, 0) != i) {
			r->exec_error = EBADF;
			return 127;
		}
	/* nothing else of the zygote's reaches the init host */
	host_syscall3(__NR_close_range, LAMINA_ZYGOTE_FDS, ~0u, LX_CLOSE_RANGE_CLOEXEC);
	char *envp[] = { 0 };
	r->exec_error = (int)-host_syscall5(__NR_execveat, own_program, "", r->argv, envp, LX_AT_EMPTY_PATH);
	return 127;
}

/* A vfork-style clone, as posix_spawn makes one: nothing of the zygote's
 * memory is copied, and it resumes once the clone has exec'd or ended. */
static struct lamina_zygote_reply start(struct request *r)
{
	r->exec_error = 0;
	long pid = host_spawn_clone(CLONE_VM | CLONE_VFORK | CLONE_PARENT | LX_SIGCHLD,
	                            child_stack + sizeof child_stack, become, r);
	struct lamina_zygote_reply reply = { (int32_t)pid, pid > 0 ? r->exec_error : 0 };
	return reply;
}

_Noreturn void zygote_main(void)
{
	host_syscall1(__NR_close, LAMINA_SPAWN_LIFELINE_FD); /* spawning passes it; only init hosts use it */
	capabilities_drop();
	if (host_syscall5(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		print_error("lamina: cannot confine containers: no_new_privs was refused", 0);
		host_exit(126);
	}
	container_filter_install();
	process_filter_install();
	/* Not to be traced or read by a process of the same user where Landlock
	 * cannot stop one (it would get every later container's descriptors). */
	host_syscall5(__NR_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* above the numbers an init host's descriptors are moved to */
	long exe = host_syscall4(__NR_openat, LX_AT_FDCWD, "/proc/self/exe", O_PATH | O_CLOEXEC, 0);
	own_program = exe < 0 ? -1 : (int)host_syscall3(__NR_fcntl, exe, F_DUPFD_CLOEXEC, LAMINA_ZYGOTE_FDS);
	if (exe >= 0) host_syscall1(__NR_close, exe);
	if (own_program < 0) {
		print_error("lamina: the zygote cannot open its own program", 0);
		host_exit(126);
	}
	static struct request r;
	for (;;) {
		long got = receive(&r);
		if (got == 0) host_exit(0);
		struct lamina_zygote_reply reply = { (int32_t)got, 0 };
		if (got > 0) {
			reply = start(&r);
			for (int i = 0; i < LAMINA_ZYGOTE_FDS; i++) host_syscall1(__NR_close, r.fds[i]);
		}
		if (host_syscall4(__NR_sendto, SOCKET, &reply, sizeof reply, LX_MSG_NOSIGNAL) != sizeof reply) host_exit(0);
	}
}
