/* Requests to the kernel over a channel, and their replies. */
#ifndef CHANNEL_H
#define CHANNEL_H

#include <stddef.h>
#include <stdint.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>

#define CALL_ITEMS_MAX 64
#define CALL_FDS_MAX 2

/* A cmsghdr with room for every fd a reply may carry. */
struct reply_control {
	unsigned long len;
	int level;
	int type;
	int fds[LAMINA_REPLY_FDS_MAX];
};

/* A request being written: the header, then items sent straight from the
 * caller's memory (no copies), flushed in batches of CALL_ITEMS_MAX. Every
 * buffer a round trip needs is in here, and each thread keeps its record in
 * its state block (state.h), off the guest's stack. */
struct call {
	int channel;
	int nfds;           /* fds to attach to the header, in send_fds */
	int send_fds[CALL_FDS_MAX];
	int nitems;
	int header_sent;
	long error;         /* first send error, negative errno */
	struct lamina_request req;
	uint32_t lens[CALL_ITEMS_MAX];
	const void *data[CALL_ITEMS_MAX];
	struct lx_iovec iov[1 + 2 * CALL_ITEMS_MAX];
	/* The reply's first bytes, taken with its header in one recvmsg. */
	uint32_t staged_len, staged_pos;
	char staged[512];
	char sink[256];     /* reply bytes nobody wants */
	struct reply_control control; /* a reply's fds, as they arrive */
	int reply_fds[LAMINA_REPLY_FDS_MAX]; /* for a caller that takes many */
	/* The reply's fds did not all reach this process: its descriptor table
	 * is full (the host sets MSG_CTRUNC and drops them). */
	int fds_refused;
	/* Set from the request's end until the reply's header is in: a
	 * LAMINA_OP_INTERRUPT may then be posted, once (call_interrupt). */
	volatile int awaiting, interrupted;
	/* A guest signal is held until the round trip's end (route_end clears it). */
	volatile int signalled;
	/* A guest handler moved the guest's pc while the thread was in one of
	 * its calls (a cancellation): the call, not made yet or ended by the
	 * kernel for it, ends with EINTR (the host keeps one per guest call). */
	volatile int left;
};

/* Starts a request whose items add up to payload_size bytes (lengths
 * included: use call_item_size). */
void call_begin(struct call *c, int channel, int op, const long args[6], uint32_t payload_size);
void call_item(struct call *c, const void *data, uint32_t len);
/* Attaches fd to the header (SCM_RIGHTS), after any attached before. */
void call_attach(struct call *c, int fd);
static inline uint32_t call_item_size(uint32_t len) { return 4 + len; }

/* Sends what is left and reads the reply header. A received fd lands in
 * *fd (or -1). Returns 0 or a negative errno. */
long call_finish(struct call *c, struct lamina_reply *reply, int *fd);
/* call_finish, the reply's items dropped: its result, or a negative errno. */
long call_answer(struct call *c, int *fd);

/* Sends what is left of a request begun with LAMINA_OP_POSTED in its op:
 * no reply comes. Returns 0 or a negative errno. */
long call_post(struct call *c);

/* The same for a reply that may carry up to cap fds (-1 for each one
 * missing; any past cap are closed). */
long call_finish_fds(struct call *c, struct lamina_reply *reply, int *fds, int cap);

/* From a signal handler that holds a guest signal while its thread awaits
 * a reply: tells the kernel, which ends a call it is blocked in with EINTR
 * (as Linux's semop, msgsnd and msgrcv end); or, before the request is all
 * out, as soon as it is. */
void call_interrupt(struct call *c);

/* Reads a reply's header and fds as call_finish_fds does, sending nothing:
 * the reply to a request the kernel answers unasked (an exec's plan). */
long reply_receive(struct call *c, struct lamina_reply *reply, int *fds, int cap);

/* Reads the next reply item: copies at most cap bytes to buf (which may be
 * NULL), drops the rest and returns the item's full length, or a negative
 * errno. *left counts the reply's unread bytes. */
long reply_item(struct call *c, void *buf, size_t cap, uint32_t *left);

/* Reads exactly len bytes of the reply into buf. */
long reply_read(struct call *c, void *buf, size_t len);

/* A plain request with no items and no reply items, written in c. */
long channel_simple(struct call *c, int channel, int op, long a0, long a1);

/* The same posted: sent with LAMINA_OP_POSTED, no reply awaited. */
long channel_post(struct call *c, int channel, int op, long a0, long a1);

#endif
