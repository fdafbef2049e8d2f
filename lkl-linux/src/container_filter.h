/* container_filter.c: what guest code may not ask of the host itself (seccomp). The
 * filter is built apart from its installation, and the lists it refuses are
 * exported, so lkl-linux/test can check the one against the others. */
#ifndef CONTAINER_FILTER_H
#define CONTAINER_FILTER_H

#include <linux/filter.h>

#define CONTAINER_FILTER_MAX 240

/* Installs the filter for this process and every one it starts. */
void container_filter_install(void);

/* Whether this process runs under the filter (one of its refusals seen). */
int container_filter_present(void);

/* Writes the filter into f; returns its length. */
unsigned container_filter_build(struct sock_filter f[CONTAINER_FILTER_MAX]);

/* The x86_64 system calls refused, and the ioctl requests. */
const unsigned *container_filter_calls(unsigned *n);
const unsigned *container_filter_ioctls(unsigned *n);

#endif
