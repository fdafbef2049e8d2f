/* The guest's descriptor limit (RLIMIT_NOFILE) and the init host's own
 * descriptors: the channels and the lifeline at LAMINA_FD_FIRST..1023, and
 * the new ones each fork and thread needs, which Linux itself never does.
 * The host kernel refuses any descriptor number at or above the soft limit,
 * the init host's as well as the guest's, so the init host lifts the soft
 * limit to the hard one while it makes its own (fd_limit.c). */
#ifndef FD_LIMIT_H
#define FD_LIMIT_H

#include <stdint.h>

/* Linux's (linux/resource.h), named only through pointers here: a file
 * that also includes a Darwin header cannot include Linux's. */
struct rlimit64;

/* Around the init host's own descriptor work: the soft limit is the hard
 * one from fd_limit_lift to the matching fd_limit_drop, then the guest's
 * again. Lifts of several threads at once share one; a guest thread that
 * opens a file meanwhile may get a number above its limit. */
void fd_limit_lift(void);
void fd_limit_drop(void);

/* prlimit64 of the caller's own RLIMIT_NOFILE, with the hard limit kept above the init
 * host's descriptors (a guest's `ulimit -n 20` sets both limits): the
 * guest's soft limit binds the guest, and the hard limit leaves the lift
 * room. new_limit and old_limit are the guest's, either may be 0. */
long fd_limit_prlimit(const struct rlimit64 *new_limit, struct rlimit64 *old_limit);

/* The hard limit the guest set below the host's (RLIM_INFINITY: none), which
 * reads of its own limit show and raises past are refused (EPERM, as without
 * CAP_SYS_RESOURCE); a re-exec passes it to the new init host. */
uint64_t fd_limit_guest_hard(void);
void fd_limit_inherit(uint64_t hard);

#endif
