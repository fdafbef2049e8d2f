/* process_filter.c: another process's limits and scheduling refused to guest
 * code (seccomp). Built apart from its installation so lkl-linux/test can
 * run it. */
#ifndef PROCESS_FILTER_H
#define PROCESS_FILTER_H

#include <linux/filter.h>

#define PROCESS_FILTER_MAX 32

/* Installs the filter for this process and every one it starts. */
void process_filter_install(void);

/* Whether this process runs under the filter (one of its refusals seen). */
int process_filter_present(void);

/* Writes the filter into f; returns its length. */
unsigned process_filter_build(struct sock_filter f[PROCESS_FILTER_MAX]);

#endif
