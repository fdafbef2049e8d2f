/* metadata_filter.c: metadata changes refused to guest code (seccomp). The
 * filter is built apart from its installation, and the lists it refuses are
 * exported, so lkl-linux/test can check the one against the others. */
#ifndef METADATA_FILTER_H
#define METADATA_FILTER_H

#include <linux/filter.h>

#define METADATA_FILTER_MAX 240

/* Installs the filter for this process and every one it starts. */
void metadata_filter_install(void);

/* Whether this process runs under the filter (one of its refusals seen). */
int metadata_filter_present(void);

/* Writes the filter into f; returns its length. */
unsigned metadata_filter_build(struct sock_filter f[METADATA_FILTER_MAX]);

/* The x86_64 system calls refused, and the ioctl requests. */
const unsigned *metadata_filter_calls(unsigned *n);
const unsigned *metadata_filter_ioctls(unsigned *n);

#endif
