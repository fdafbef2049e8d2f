#include <stdint.h>
#include <asm/errno.h>
#include <lamina/channel.h>
#include "fd_limit.h"
#include "host_syscall.h"

/* Lifts in progress. A child forked during another thread's lift inherits
 * the count and the lifted limit, and keeps both: a guest limit lost, which
 * is a guest program's race with itself, never a descriptor refused to the
 * init host. */
static int lifts;
static uint64_t guest_soft;
/* Whether the last drop puts guest_soft back: not when the soft limit was
 * the hard one already (the usual case), which spares two calls a lift;
 * a guest's prlimit during a lift sets it. */
static int lifted;

void fd_limit_lift(void)
{
	if (__atomic_fetch_add(&lifts, 1, __ATOMIC_ACQ_REL)) return;
	struct rlimit64 r;
	if (host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, 0, &r) || r.rlim_cur == r.rlim_max) return;
	guest_soft = r.rlim_cur;
	r.rlim_cur = r.rlim_max;
	__atomic_store_n(&lifted, 1, __ATOMIC_RELEASE);
	host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, &r, 0);
}

void fd_limit_drop(void)
{
	if (__atomic_sub_fetch(&lifts, 1, __ATOMIC_ACQ_REL) || !__atomic_exchange_n(&lifted, 0, __ATOMIC_ACQ_REL)) return;
	struct rlimit64 r;
	if (host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, 0, &r)) return;
	r.rlim_cur = guest_soft;
	host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, &r, 0);
}

long fd_limit_prlimit(long host_pid, const struct rlimit64 *new_limit, struct rlimit64 *old_limit)
{
	if (!new_limit) return host_syscall4(__NR_prlimit64, host_pid, RLIMIT_NOFILE, 0, old_limit);
	struct rlimit64 r = *new_limit;
	/* Linux refuses a soft limit above the hard one asked for: the room made
	 * below must not hide that. */
	if (r.rlim_cur > r.rlim_max) return -EINVAL;
	/* Room for every thread channel (LAMINA_FD_EXTRA_*) as far as the hard limit had it. */
	uint64_t keep = LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT;
	struct rlimit64 now;
	if (!host_syscall4(__NR_prlimit64, host_pid, RLIMIT_NOFILE, 0, &now) && now.rlim_max < keep) keep = now.rlim_max;
	if (keep <= LAMINA_CHANNEL_FD) keep = LAMINA_CHANNEL_FD + 1;
	if (r.rlim_max < keep) r.rlim_max = keep;
	/* A lift in progress in another thread puts back the soft limit it found:
	 * it gets this one to put back instead. */
	if (host_pid == 0 && __atomic_load_n(&lifts, __ATOMIC_ACQUIRE)) {
		guest_soft = r.rlim_cur;
		r.rlim_cur = r.rlim_max;
		__atomic_store_n(&lifted, 1, __ATOMIC_RELEASE);
	}
	return host_syscall4(__NR_prlimit64, host_pid, RLIMIT_NOFILE, &r, old_limit);
}
