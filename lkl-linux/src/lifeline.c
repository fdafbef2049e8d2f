/* The lifeline: the read end of a pipe whose write end only the Lamina
 * kernel's process holds. When that process ends in any way, even by
 * SIGKILL, the pipe hangs up, and O_ASYNC with F_SETSIG makes the host
 * kernel send each armed guest process SIGKILL: no guest outlives Lamina.
 * A file description has one owner, so each process arms a description of
 * its own, reopened through /proc. */
#include <asm/signal.h>
#include <asm/poll.h>
#include <linux/fcntl.h>
#include <lamina/channel.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

#define STR2(x) #x
#define STR(x) STR2(x)

void lifeline_arm(void)
{
	long fd = host_syscall4(__NR_openat, LX_AT_FDCWD, "/proc/self/fd/" STR(LAMINA_LIFELINE_FD), O_RDONLY | O_NONBLOCK, 0);
	if (host_is_error(fd)) return; /* started without one: nothing to watch */
	host_syscall3(__NR_dup3, fd, LAMINA_LIFELINE_FD, 0);
	host_syscall1(__NR_close, fd);
	host_syscall3(__NR_fcntl, LAMINA_LIFELINE_FD, F_SETOWN, host_syscall0(__NR_getpid));
	host_syscall3(__NR_fcntl, LAMINA_LIFELINE_FD, F_SETSIG, SIGKILL);
	host_syscall3(__NR_fcntl, LAMINA_LIFELINE_FD, F_SETFL, FASYNC | O_NONBLOCK); /* FASYNC is O_ASYNC */
	/* Lamina may have ended while this process was being made: then the hang-up
	 * happened before the arming and will not come again. */
	struct pollfd p = { LAMINA_LIFELINE_FD, POLLIN, 0 };
	long zero[2] = { 0, 0 };
	if (host_syscall5(__NR_ppoll, &p, 1, zero, 0, 0) > 0 && (p.revents & POLLHUP)) host_exit(128 + SIGKILL);
}
