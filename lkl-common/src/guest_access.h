/* The init host's reads and writes of memory the guest names: a bad address
 * is -EFAULT, as Linux answers a call, not a fault of the init host's.
 * Linux's init hosts resume a faulting access at its return with -EFAULT
 * (lkl-linux's guest_access.S and its fault handler); the Darwin one's
 * accesses are plain, not yet safe. */
#ifndef GUEST_ACCESS_H
#define GUEST_ACCESS_H

#include <stddef.h>

/* The string's length, or -EFAULT. */
long guest_strlen(const char *s);
/* 0 when every byte of p..p+n can be read, or -EFAULT. */
long guest_readable(const void *p, size_t n);
/* Copies n bytes: 0, or -EFAULT (some may have been copied). */
long guest_copy(void *to, const void *from, size_t n);

#endif
