/* The Darwin init host's threads: each thread's state is found through
 * Darwin's own thread pointer (a _Thread_local), which guest code cannot
 * move. Guest threads (clone) are not written yet. */
#include <pthread.h>
#include <signal.h>
#include "dispatcher.h"
#include "rules.h"
#include "state.h"
#include "xlat.h"

static _Thread_local struct thread_state *current;

struct thread_state *thread_current(void) { return current; }

void thread_bind(struct thread_state *t)
{
	current = t;
#if defined(__aarch64__)
	darwin_rules_bind(t);
#endif
}

int thread_clone(int (*fn)(void *), void *stack, int flags, void *arg, int *ptid, void *tls, int *ctid)
{
	(void)fn, (void)stack, (void)flags, (void)arg, (void)ptid, (void)tls, (void)ctid;
	return -LINUX_ENOSYS;
}

long guest_vfork(void *stack_pointer)
{
	(void)stack_pointer;
	return -LINUX_ENOSYS;
}

/* Reached only by a thread thread_clone started. */
_Noreturn void thread_unmapself(void *base, unsigned long size)
{
	(void)base, (void)size;
	pthread_exit(0);
}

void signal_replay_deferred(struct thread_state *t)
{
	uint64_t pending = t->deferred;
	t->deferred = 0;
	for (int sig = 1; sig <= 64; sig++) {
		int d = (pending >> (sig - 1) & 1) ? xlat_signal_to_darwin(sig) : 0;
		if (d) pthread_kill(pthread_self(), d);
	}
}
