/* aarch64 has no Syscall User Dispatch: nothing traps, so nothing is
 * rewritten at a trap (the Apple-Silicon rules rewrite svc at load). */
#ifndef CALL_SITES_H
#define CALL_SITES_H

static inline void call_sites_patch(long nr, void *after_syscall)
{
	(void)nr, (void)after_syscall;
}

static inline void call_sites_resume(long *pc)
{
	(void)pc;
}

static inline void call_sites_hold(void) {}
static inline void call_sites_release(void) {}

#endif
