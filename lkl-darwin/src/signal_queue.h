/* Signals the host keeps pending itself (signal_queue.c): those Darwin
 * has no number for (Linux's SIGSTKFLT, SIGPWR and the real-time signals
 * 32 to 64), and any a process queues to itself with a siginfo (sigqueue),
 * which Darwin cannot carry. Pure: arm64/raise.c does the raising and
 * delivering, test/signal_queue_test.c checks the order Linux keeps. */
#ifndef SIGNAL_QUEUE_H
#define SIGNAL_QUEUE_H

#include <stdint.h>
#include "xlat.h"

/* Linux's first real-time signal (SIGRTMIN as the kernel counts). */
#define SIGNAL_QUEUE_REALTIME_FIRST 32
/* The signals Darwin lacks, as mask bits (bit n-1 is signal n). */
#define SIGNAL_QUEUE_EMULATED (1ull << (16 - 1) | 1ull << (30 - 1) | 0xffffffff80000000ull)

/* Instances queued at once, per thread and per process: Linux bounds its
 * own by RLIMIT_SIGPENDING, and sigqueue past it is EAGAIN as here. */
#define SIGNAL_QUEUE_MAX 64

struct signal_queue {
	uint64_t pending; /* a signal's bit while an instance of it is queued */
	int count;
	struct lx_siginfo entries[SIGNAL_QUEUE_MAX]; /* oldest first */
};

/* Queues info->signo (1 to 64): a real-time signal once per sending, any
 * other only when none is queued (Linux's legacy_queue: a second is
 * dropped, 0). -LINUX_EAGAIN when the queue is full. */
int signal_queue_post(struct signal_queue *q, const struct lx_siginfo *info);

/* Takes the signal Linux delivers first of those queued whose bits are in
 * `from`: the lowest number, and of a real-time one the oldest instance.
 * Its number, or 0 when none. */
int signal_queue_take(struct signal_queue *q, uint64_t from, struct lx_siginfo *out);

#endif
