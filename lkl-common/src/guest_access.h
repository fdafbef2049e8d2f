/* The init host's reads and writes of memory the guest names: a bad address
 * is -EFAULT, as Linux answers a call, not a fault of the init host's.
 * The functions are leaf functions in assembly (arm64/ and x86_64/
 * guest_access.S, for both hosts): each host's fault handler resumes a
 * faulting access at its return with -EFAULT. */
#ifndef GUEST_ACCESS_H
#define GUEST_ACCESS_H

#include <stddef.h>

/* The string's length, or -EFAULT. */
long guest_strlen(const char *s);
/* 0 when every byte of p..p+n can be read, or -EFAULT. */
long guest_readable(const void *p, size_t n);
/* Copies n bytes: 0, or -EFAULT (some may have been copied). */
long guest_copy(void *to, const void *from, size_t n);

/* The functions' code, for the fault handlers: a fault whose pc lies here
 * returns -EFAULT from the function. */
extern const char guest_access_begin[], guest_access_end[];

#endif
