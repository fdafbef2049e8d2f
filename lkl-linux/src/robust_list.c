/* Robust futexes across the death of their owner. The host kernel walks a
 * dying thread's robust list comparing owners with its host tid, but the
 * guest's lock words hold guest tids: so the init host walks the lists
 * itself on the way out, as Linux's exit_robust_list does, marking each
 * lock still held FUTEX_OWNER_DIED and waking a waiter. (A process killed
 * outright gets no such walk.) */
#include <linux/futex.h>
#include "dispatch.h"
#include "host_syscall.h"
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

void robust_list_release(struct thread_state *t)
{
	struct robust_list_head *head = t->robust_head;
	if (!head) return;
	t->robust_head = 0;
	struct robust_list *entry = head->list.next;
	for (int n = 0; entry && entry != &head->list && n < ROBUST_LIST_LIMIT; n++) {
		struct robust_list *next = entry->next;
		if (entry != head->list_op_pending)
			release((uint32_t *)((char *)entry + head->futex_offset), t->tid);
		entry = next;
	}
	if (head->list_op_pending)
		release((uint32_t *)((char *)head->list_op_pending + head->futex_offset), t->tid);
}
