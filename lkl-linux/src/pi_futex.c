/* Priority-inheritance futexes. The host kernel takes a PI lock word's tid
 * for a thread of its own, but the guest's words hold guest tids (musl
 * writes its own tid there on the uncontended path), so the host would
 * look for the wrong owner, or none. The init host keeps Linux's word
 * protocol (owner tid, FUTEX_WAITERS, FUTEX_OWNER_DIED) and makes the
 * waiting with plain futex waits and wakes: the mutual exclusion, error
 * cases and owner-died handoff programs see, without the priority boost. */
#include <asm/errno.h>
#include <linux/futex.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "state.h"

int pi_futex_op(long op)
{
	int cmd = (int)op & FUTEX_CMD_MASK;
	return cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_TRYLOCK_PI || cmd == FUTEX_UNLOCK_PI;
}

static int try_take(uint32_t *word, uint32_t tid, uint32_t extra, uint32_t *seen)
{
	uint32_t v = __atomic_load_n(word, __ATOMIC_RELAXED);
	*seen = v;
	if (v & FUTEX_TID_MASK) return 0;
	/* Free, perhaps left by an owner that died: the taker keeps that bit to read. */
	return __atomic_compare_exchange_n(word, &v, tid | (v & FUTEX_OWNER_DIED) | extra, 0, __ATOMIC_SEQ_CST,
	                                   __ATOMIC_RELAXED);
}

long pi_futex(uint32_t *word, long op, const void *timeout)
{
	int cmd = (int)op & FUTEX_CMD_MASK, priv = (int)op & FUTEX_PRIVATE_FLAG;
	uint32_t tid = (uint32_t)thread_current()->tid, v;
	if ((uintptr_t)word & 3) return -EINVAL;
	if (cmd == FUTEX_UNLOCK_PI) {
		v = __atomic_load_n(word, __ATOMIC_RELAXED);
		if ((v & FUTEX_TID_MASK) != tid) return -EPERM;
		v = __atomic_exchange_n(word, 0, __ATOMIC_SEQ_CST);
		if (v & FUTEX_WAITERS) host_syscall3(__NR_futex, word, FUTEX_WAKE | priv, 1);
		return 0;
	}
	if (try_take(word, tid, 0, &v)) return 0;
	if ((v & FUTEX_TID_MASK) == tid) return -EDEADLK;
	if (cmd == FUTEX_TRYLOCK_PI) return -EBUSY;
	/* LOCK_PI's timeout is absolute on CLOCK_REALTIME; LOCK_PI2's on
	 * CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME says otherwise. */
	int clock = cmd == FUTEX_LOCK_PI || (op & FUTEX_CLOCK_REALTIME) ? FUTEX_CLOCK_REALTIME : 0;
	for (;;) {
		/* Announce a waiter, then sleep while the word is as announced; a
		 * taker after a wait keeps the waiters bit, since others may wait. */
		if (!(v & FUTEX_WAITERS)) {
			if (!__atomic_compare_exchange_n(word, &v, v | FUTEX_WAITERS, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
				goto again;
			v |= FUTEX_WAITERS;
		}
		long r = host_syscall6(__NR_futex, (long)word, FUTEX_WAIT_BITSET | priv | clock, v, (long)timeout, 0,
		                       FUTEX_BITSET_MATCH_ANY);
		if (r == -ETIMEDOUT || r == -EINTR) return r;
	again:
		if (try_take(word, tid, FUTEX_WAITERS, &v)) return 0;
		if ((v & FUTEX_TID_MASK) == tid) return -EDEADLK;
	}
}
