/* seccomp_lock.c: no host seccomp filter after Lamina's own. Built apart
 * from its installation so lkl-linux/test can run it. */
#ifndef SECCOMP_LOCK_H
#define SECCOMP_LOCK_H

#include <linux/filter.h>

#define SECCOMP_LOCK_MAX 16

/* Installs the filter for this process and every one it starts. */
void seccomp_lock_install(void);

/* Writes the filter into f; returns its length. */
unsigned seccomp_lock_build(struct sock_filter f[SECCOMP_LOCK_MAX]);

#endif
