/* The init host's reads and writes of its own process's memory where a page
 * may be missing or protected (self_probe.c). */
#ifndef SELF_PROBE_H
#define SELF_PROBE_H

#include <stddef.h>

/* Copies n bytes: 0, or -EFAULT where a load or store would fault. */
long self_probe_copy(void *to, const void *from, size_t n);

#endif
