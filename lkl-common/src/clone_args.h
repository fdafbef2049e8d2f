/* Where clone's child tid and TLS arguments lie: after the parent tid,
 * in an order each architecture has its own. */
#ifndef CLONE_ARGS_H
#define CLONE_ARGS_H

#if defined(__aarch64__)
/* flags, stack, parent tid, tls, child tid */
#define CLONE_CTID_ARG 4
#define CLONE_TLS_ARG 3
#else
/* x86-64: flags, stack, parent tid, child tid, tls */
#define CLONE_CTID_ARG 3
#define CLONE_TLS_ARG 4
#endif

#endif
