/* The Darwin host layer's calls beyond host_syscall6's translations: the
 * ones Linux has and Darwin must build from its own primitives. */
#ifndef DARWIN_CALLS_H
#define DARWIN_CALLS_H

#include <stdint.h>
#include <sys/types.h>
#include "xlat.h"

/* futex (futex.c): FUTEX_WAIT, FUTEX_WAKE and their bitset forms; a Linux result. */
long darwin_futex(uint32_t *word, long op, uint32_t val, const struct lx_timespec64 *timeout, uint32_t val3);

/* Ends this process when the engine's ends (lifeline.c); -1 when it cannot watch. */
int darwin_lifeline(pid_t engine);

#endif
