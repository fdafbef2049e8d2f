/* Calls that name a process, given a pid no process has (negative, or
 * none of the container's), and tcsetpgrp on what is no terminal: Linux's
 * errors in Linux's order (a negative pid was ESRCH for every call, and
 * tcsetpgrp's group was looked up before its descriptor). */
#include "../conf.h"
#include <sched.h>
#include <termios.h>

static void errno_of(const char *label, long r)
{
	printf("%s: %s\n", label, r < 0 ? errname(errno) : "ok");
}

int main(void)
{
	struct sched_param sp;
	cpu_set_t set;
	struct rlimit rl;
	errno_of("pidfd_open(-1)", syscall(SYS_pidfd_open, -1, 0));
	errno_of("pidfd_open(none)", syscall(SYS_pidfd_open, 4000000, 0));
	/* musl's wrappers of these two answer ENOSYS by themselves */
	errno_of("sched_getparam(-1)", syscall(SYS_sched_getparam, -1, &sp));
	errno_of("sched_getscheduler(-1)", syscall(SYS_sched_getscheduler, -1));
	errno_of("sched_getaffinity(-1)", sched_getaffinity(-1, sizeof set, &set));
	errno_of("prlimit(-1)", prlimit(-1, RLIMIT_NOFILE, NULL, &rl));
	errno_of("prlimit(none)", prlimit(4000000, RLIMIT_NOFILE, NULL, &rl));
	errno_of("tcsetpgrp(bad fd)", tcsetpgrp(1000, getpgrp()));
	int null = must("open", open("/dev/null", O_RDWR));
	errno_of("tcsetpgrp(/dev/null)", tcsetpgrp(null, getpgrp()));
	errno_of("tcsetpgrp(/dev/null, no group)", tcsetpgrp(null, 4000000));
	return 0;
}
