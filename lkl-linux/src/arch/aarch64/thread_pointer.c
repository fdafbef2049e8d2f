/* A thread's state by its host thread id (under the Apple-Silicon rules:
 * where tpidr_el0 points): an open-addressing table that
 * only grows by overwriting. An entry is stale once its state is bound to
 * another thread (a state block reused); at most THREAD_SLOTS / 2 states
 * exist (thread.c's blocks and the main thread's), so a free or stale slot
 * is always found. A thread writes only its own entry, state before id. */
#include <linux/mman.h>
#include "darwin_rules.h"
#include "host_syscall.h"
#include "state.h"
#include "util.h"

#define THREAD_SLOTS 1024

static struct {
	volatile int tid;
	struct thread_state *volatile state;
} slots[THREAD_SLOTS];

void thread_bind(struct thread_state *t)
{
	/* Under the Apple-Silicon rules tpidr_el0 is the host's, as %gs is on
	 * x86-64; and a rewritten svc runs the host on a stack of its own. */
	if (darwin_rules) {
		__asm__ __volatile__("msr tpidr_el0, %0" : : "r"(t));
		if (!t->svc_top) {
			long s = host_syscall6(__NR_mmap, 0, DARWIN_SVC_STACK, PROT_READ | PROT_WRITE,
			                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
			if (host_is_error(s)) {
				print_error("lamina: no memory for a thread's host stack", 0);
				host_exit(126);
			}
			t->svc_top = t->svc_stack = (uint64_t)s + DARWIN_SVC_STACK;
		}
	}
	int tid = (int)host_syscall0(__NR_gettid);
	t->self = t;
	__atomic_store_n(&t->host_tid, tid, __ATOMIC_RELEASE);
	for (unsigned i = (unsigned)tid % THREAD_SLOTS;; i = (i + 1) % THREAD_SLOTS) {
		int at = __atomic_load_n(&slots[i].tid, __ATOMIC_ACQUIRE);
		struct thread_state *s = slots[i].state;
		if (at == 0 || at == tid || !s || __atomic_load_n(&s->host_tid, __ATOMIC_ACQUIRE) != at) {
			slots[i].state = t;
			__atomic_store_n(&slots[i].tid, tid, __ATOMIC_RELEASE);
			return;
		}
	}
}

struct thread_state *thread_current(void)
{
	if (darwin_rules) {
		struct thread_state *t;
		__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(t));
		return t;
	}
	int tid = (int)host_syscall0(__NR_gettid);
	for (unsigned i = (unsigned)tid % THREAD_SLOTS, n = 0; n < THREAD_SLOTS; i = (i + 1) % THREAD_SLOTS, n++) {
		int at = __atomic_load_n(&slots[i].tid, __ATOMIC_ACQUIRE);
		if (at == tid) return slots[i].state;
		if (at == 0) break;
	}
	return 0;
}
