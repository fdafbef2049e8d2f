/* Robust futexes across the death of their owner. The host kernel walks a
 * dying thread's robust list comparing owners with its host tid, but the
 * guest's lock words hold guest tids: so the init host walks the lists
 * itself on the way out, as Linux's exit_robust_list does, marking each
 * lock still held FUTEX_OWNER_DIED and waking a waiter. (A process killed
 * outright gets no such walk.) */
#include <linux/futex.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"

static void release(uint32_t *word, int tid)
{
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);
	while ((old & FUTEX_TID_MASK) == (uint32_t)tid) {
		uint32_t dead = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(word, &old, dead, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
			if (old & FUTEX_WAITERS)
				host_syscall3(__NR_futex, word, FUTEX_WAKE, 1);
			return;
		}
	}
}

/* The lock word at entry + offset released, when it can be read: a list in
 * memory the guest unmapped or overwrote ends the walk, as Linux's get_user
 * failing ends it, rather than the process. */
static int release_at(struct robust_list *entry, long offset, int tid)
{
	uint32_t *word = (uint32_t *)((char *)entry + offset);
	if (guest_readable(word, sizeof *word)) return -1;
	release(word, tid);
	return 0;
}

void robust_list_release(struct thread_state *t)
{
	struct robust_list_head *head = t->robust_head, h;
	if (!head) return;
	t->robust_head = 0;
	uint64_t old;
	signals_block_all_but_faults(&old);
	if (!guest_copy(&h, head, sizeof h)) {
		struct robust_list *entry = h.list.next;
		for (int n = 0; entry && entry != &head->list && n < ROBUST_LIST_LIMIT; n++) {
			struct robust_list *next;
			if (guest_copy(&next, &entry->next, sizeof next)) break;
			if (entry != h.list_op_pending && release_at(entry, h.futex_offset, t->tid)) break;
			entry = next;
		}
		if (h.list_op_pending) release_at(h.list_op_pending, h.futex_offset, t->tid);
	}
	signals_restore(&old);
}
