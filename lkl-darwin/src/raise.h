/* Signals a process sends itself and its own threads on an arm64 Mac
 * (arm64/raise.c). Each call answers for this process's own pid and
 * threads, and passes (DISPATCH_PASS) any other target to the kernel. */
#ifndef RAISE_H
#define RAISE_H

#include <stdint.h>

/* The carrier's handler, and the host layer told to call back when the
 * guest's mask changes. */
void darwin_raise_start(void);
/* Around a fork: the queues held, so the child finds them free; in the
 * child, emptied (self: the forking thread). */
void darwin_raise_fork_hold(int hold);
struct thread_state;
void darwin_raise_forked(struct thread_state *self);

long darwin_kill_own(long pid, long sig);
/* tgkill, and tkill (tgid ignored) */
long darwin_tgkill_own(long tgid, long tid, long sig, int tkill);
long darwin_sigqueueinfo_own(long pid, long sig, const void *info);
long darwin_tgsigqueueinfo_own(long tgid, long tid, long sig, const void *info);
long darwin_rt_sigpending(void *set, long size);
long darwin_rt_sigsuspend(const void *set, long size);
long darwin_rt_sigtimedwait(const void *set, void *info, const void *timeout, long size);

/* The carrier raised again on the calling thread: a queued signal that
 * found it waiting for a reply (signal_replay_deferred). */
void darwin_raise_queued(void);

#endif
