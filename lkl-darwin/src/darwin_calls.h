/* The Darwin host layer's calls beyond host_syscall6's translations: the
 * ones Linux has and Darwin must build from its own primitives. */
#ifndef DARWIN_CALLS_H
#define DARWIN_CALLS_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include "xlat.h"

/* futex (futex.c): FUTEX_WAIT, FUTEX_WAKE and their bitset forms; a Linux result. */
long darwin_futex(uint32_t *word, long op, uint32_t val, const struct lx_timespec64 *timeout, uint32_t val3);

/* A guest's signal mask as the thread's Darwin mask, which never blocks
 * SIGSEGV or SIGBUS (the guest's bits for them, and for the signals
 * Darwin lacks, are kept apart, per thread: darwin_host.c), and back;
 * whether the guest blocks sig, one of those two. */
sigset_t darwin_mask_to_host(uint64_t mask);
uint64_t darwin_mask_from_host(sigset_t set);
int darwin_fault_blocked(int sig);
/* The Darwin mask a wait (rt_sigsuspend) sets for a guest mask, the kept bits left as they are. */
sigset_t darwin_mask_for_wait(uint64_t mask);
/* Called with the guest's new mask after each rt_sigprocmask that sets
 * one, when set (arm64/raise.c: a queued signal it unblocks arrives). */
extern void (*darwin_mask_hook)(uint64_t mask);

/* Ends this process when the engine's ends (lifeline.c); -1 when it cannot watch. */
int darwin_lifeline(pid_t engine);
int darwin_lifeline_forked(void);
/* The engine watched: an exec's new init host watches it too. */
pid_t darwin_lifeline_engine(void);

#endif
