/* aarch64 has no Syscall User Dispatch: nothing traps, so nothing is
 * rewritten at a trap (the Apple-Silicon rules rewrite svc at load). */
#ifndef CALL_SITES_H
#define CALL_SITES_H

#include "darwin_maps.h"

static inline void call_sites_patch(long nr, void *after_syscall)
{
	(void)nr, (void)after_syscall;
}

static inline void call_sites_resume(long *pc)
{
	(void)pc;
}

/* Around a fork: what another thread may hold that the child must find
 * free is, here, the Apple-Silicon rules' table of W^X flips. */
static inline void call_sites_hold(void) { darwin_maps_fork_hold(1); }
static inline void call_sites_release(void) { darwin_maps_fork_hold(0); }

#endif
