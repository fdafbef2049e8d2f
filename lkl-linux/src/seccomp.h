/* A guest's own seccomp filters, run on its calls (seccomp.c). */
#ifndef SECCOMP_H
#define SECCOMP_H

#include <stdint.h>

/* Filters a process may have (Linux bounds only their instructions; programs install a few). */
#define SECCOMP_FILTERS_MAX 64

/* The filters' verdict on a guest call made at pc: DISPATCH_PASS to serve it,
 * or its result (an errno); a kill ends the process here. */
long seccomp_filter(long nr, const long args[6], uint64_t pc);
/* seccomp(2) and prctl's PR_SET_SECCOMP, PR_GET_SECCOMP. */
long seccomp_call(unsigned long op, unsigned long flags, void *arg);
long seccomp_prctl(long option, long a2, long a3);
/* In a fork's child: the filters are its parent's, their lock free. */
void seccomp_forked(void);
/* The filters as arguments of the new init host, into argv (room at most): how many. */
int seccomp_exec_args(char *argv[], int room);
/* Takes one such argument back: 1 if it was one, 0 if not, -1 if it is damaged. */
int seccomp_exec_arg(const char *arg);

#endif
