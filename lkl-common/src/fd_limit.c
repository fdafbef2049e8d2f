#include <stdint.h>
#include <asm/errno.h>
#include <lamina/channel.h>
#include <linux/resource.h>
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

/* The hard limit the guest set, which the host's stays above (RLIM_INFINITY:
 * none set); a fork keeps it, a re-exec passes it on (fd_limit_guest_hard). */
static uint64_t guest_hard = RLIM_INFINITY;

uint64_t fd_limit_guest_hard(void) { return guest_hard; }

void fd_limit_inherit(uint64_t hard) { guest_hard = hard; }

/* A limit read back as the guest set it: its hard limit, and no soft one above that. */
static void as_guest_sees(struct rlimit64 *r)
{
	if (r->rlim_max > guest_hard) r->rlim_max = guest_hard;
	if (r->rlim_cur > r->rlim_max) r->rlim_cur = r->rlim_max;
}

long fd_limit_prlimit(const struct rlimit64 *new_limit, struct rlimit64 *old_limit)
{
	if (!new_limit) {
		long r = host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, 0, old_limit);
		if (!r && old_limit) as_guest_sees(old_limit);
		return r;
	}
	struct rlimit64 r = *new_limit;
	/* Linux refuses a soft limit above the hard one asked for: the room made
	 * below must not hide that. */
	if (r.rlim_cur > r.rlim_max) return -EINVAL;
	/* Nor a hard limit raised past the one the guest set (the host's, above it, would take it). */
	if (r.rlim_max > guest_hard) return -EPERM;
	uint64_t asked = r.rlim_max, before = guest_hard;
	/* Room for every thread channel (LAMINA_FD_EXTRA_*) as far as the hard limit had it. */
	uint64_t keep = LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT;
	struct rlimit64 now;
	if (!host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, 0, &now) && now.rlim_max < keep) keep = now.rlim_max;
	if (keep <= LAMINA_CHANNEL_FD) keep = LAMINA_CHANNEL_FD + 1;
	if (r.rlim_max < keep) r.rlim_max = keep;
	/* A lift in progress in another thread puts back the soft limit it found:
	 * it gets this one to put back instead. */
	if (__atomic_load_n(&lifts, __ATOMIC_ACQUIRE)) {
		guest_soft = r.rlim_cur;
		r.rlim_cur = r.rlim_max;
		__atomic_store_n(&lifted, 1, __ATOMIC_RELEASE);
	}
	long e = host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, &r, old_limit);
	if (!e) {
		struct rlimit64 host;
		/* The guest's hard limit below the host's is its own to keep; at or above it, the host's says it. */
		guest_hard = !host_syscall4(__NR_prlimit64, 0, RLIMIT_NOFILE, 0, &host) && asked < host.rlim_max ? asked : RLIM_INFINITY;
		if (old_limit) {
			uint64_t now = guest_hard;
			guest_hard = before;
			as_guest_sees(old_limit);
			guest_hard = now;
		}
	}
	return e;
}
