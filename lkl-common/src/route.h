/* Calls the init host sends to the kernel: how each one's arguments
 * travel (route_table[], generated from lkl-common/syscalls.tbl) and the
 * round trip itself (route.c). */
#ifndef ROUTE_H
#define ROUTE_H

#include <stdint.h>

enum arg_kind {
	ARG_VAL = 0,    /* a plain value */
	ARG_FD,         /* a fd, attached with SCM_RIGHTS (AT_FDCWD: nothing) */
	ARG_DIRFD,      /* a fd a path beside it starts from: as ARG_FD, but nothing when that path is absolute */
	ARG_STR,        /* a NUL-terminated string; NULL travels as an empty item */
	ARG_IN,         /* `size` bytes in; NULL travels as an empty item */
	ARG_IN_LEN,     /* bytes in, as many as the next argument says */
	ARG_IN_GROUPS,  /* gid_t list in, as many as the previous argument says */
	ARG_OUT,        /* `size` bytes out */
	ARG_OUT_LEN,    /* bytes out, at most what the next argument says */
	ARG_OUT_GROUPS, /* gid_t list out, at most what the previous argument says */
	ARG_INOUT,      /* `size` bytes in, and back out; NULL travels as an empty item */
};

/* One system call as lkl-common/syscalls.tbl describes it. */
struct route {
	uint8_t known;        /* in the table: a call newer than the headers runs only if known */
	uint8_t fds;          /* bit i: argument i is a descriptor (routed or not) */
	uint8_t routed;       /* always sent to the kernel; a "part" call is sent only when dispatch.c picks it */
	uint8_t returns_fd;   /* the result is the fd attached to the reply */
	uint8_t kind[6];
	uint16_t size[6];
	uint16_t op;          /* sent: the call's number on the channel, its x86-64 one */
};

#define ROUTE_TABLE_SIZE 512
extern const struct route route_table[ROUTE_TABLE_SIZE];

/* Sends a routed call to the kernel on the calling thread's channel and
 * returns its result; guest signals arriving meanwhile are deferred. */
long route_call(long nr, const long args[6]);

/* Around any round trip: marks the calling thread busy on its channel, so
 * that guest signals wait until the reply is in (route_end raises them). */
struct thread_state *route_begin(void);
void route_end(struct thread_state *t);
/* route_end for a call whose result is *r: 1 when the kernel ended it for
 * a signal (-LX_ERESTARTSYS) and it is to be made again now that the
 * handlers ran (signal_call_again), else 0, with EINTR for such an end. */
int route_end_again(struct thread_state *t, long *r);

/* A Lamina op with no items, deferring signals the same way. */
long route_simple(int op, long a0, long a1);

/* The same op posted (LAMINA_OP_POSTED): sent, no reply awaited. */
long route_post(int op, long a0, long a1);

/* A channel for a new process or thread: sends one end of a new socket
 * pair to the kernel with op (LAMINA_OP_FORK or LAMINA_OP_THREAD), keeps
 * the other in *mine and returns the new pid or tid, or a negative errno.
 * The caller has signals blocked (so the thread's call record is free). */
long route_new_channel(int op, int *mine);
/* A fork's start: every signal blocked (*old the mask before), and the
 * child's pid and channel had from the kernel; on failure the mask is
 * back and the negative errno returned. */
long route_fork_channel(int *mine, uint64_t *old);

/* All signals blocked, around a fork, thread creation or execve. */
void signals_block_all(uint64_t *old);
/* All blocked but the faults of guest_copy, which it turns into -EFAULT
 * (the guest may have blocked them: glibc's posix_spawn blocks every one). */
void signals_block_all_but_faults(uint64_t *old);
void signals_restore(const uint64_t *old);

#endif
