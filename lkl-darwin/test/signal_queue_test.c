/* The host's own pending signals (signal_queue.c), run on Linux: Linux's
 * order and coalescing, the bound, and the emulated set against the
 * signal table (every Linux signal Darwin has no number for is in it). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "signal_queue.h"
#include "xlat.h"

static struct lx_siginfo info(int sig, uint64_t value)
{
	struct lx_siginfo i;
	memset(&i, 0, sizeof i);
	i.signo = sig;
	i.code = -1; /* SI_QUEUE */
	i.from.value = value;
	return i;
}

static struct signal_queue q;

static void order(void)
{
	memset(&q, 0, sizeof q);
	struct lx_siginfo i = info(40, 1), out;
	CHECK(signal_queue_post(&q, &i) == 0);
	i = info(34, 2);
	CHECK(signal_queue_post(&q, &i) == 0);
	i = info(40, 3);
	CHECK(signal_queue_post(&q, &i) == 0);
	i = info(16, 4);
	CHECK(signal_queue_post(&q, &i) == 0);
	CHECK(q.pending == (1ull << 39 | 1ull << 33 | 1ull << 15));
	/* the lowest number first; of a real-time one the oldest, each with its own siginfo */
	CHECK(signal_queue_take(&q, ~0ull, &out) == 16 && out.from.value == 4);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 34 && out.from.value == 2);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 40 && out.from.value == 1);
	CHECK(q.pending == 1ull << 39); /* one instance of 40 left */
	CHECK(signal_queue_take(&q, ~0ull, &out) == 40 && out.from.value == 3);
	CHECK(q.pending == 0 && q.count == 0);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 0);
}

static void coalescing(void)
{
	memset(&q, 0, sizeof q);
	struct lx_siginfo i = info(30, 1), out;
	CHECK(signal_queue_post(&q, &i) == 0);
	i = info(30, 2);
	CHECK(signal_queue_post(&q, &i) == 0); /* dropped: SIGPWR is pending already */
	CHECK(q.count == 1);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 30 && out.from.value == 1);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 0);
	i = info(30, 3);
	CHECK(signal_queue_post(&q, &i) == 0); /* taken since: queued again */
	CHECK(signal_queue_take(&q, ~0ull, &out) == 30 && out.from.value == 3);
}

static void blocked(void)
{
	memset(&q, 0, sizeof q);
	struct lx_siginfo i = info(33, 1), out;
	signal_queue_post(&q, &i);
	i = info(50, 2);
	signal_queue_post(&q, &i);
	/* 33 blocked: 50 goes first, and 33 stays */
	CHECK(signal_queue_take(&q, ~(1ull << 32), &out) == 50 && out.from.value == 2);
	CHECK(signal_queue_take(&q, ~(1ull << 32), &out) == 0);
	CHECK(q.pending == 1ull << 32);
	CHECK(signal_queue_take(&q, 1ull << 32, &out) == 33 && out.from.value == 1);
}

static void bound(void)
{
	memset(&q, 0, sizeof q);
	struct lx_siginfo i = info(64, 0), out;
	for (int n = 0; n < SIGNAL_QUEUE_MAX; n++) {
		i.from.value = (uint64_t)n;
		CHECK(signal_queue_post(&q, &i) == 0);
	}
	CHECK(signal_queue_post(&q, &i) == -LINUX_EAGAIN);
	i = info(35, 0);
	CHECK(signal_queue_post(&q, &i) == -LINUX_EAGAIN);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 64 && out.from.value == 0);
	CHECK(signal_queue_post(&q, &i) == 0);
	CHECK(signal_queue_take(&q, ~0ull, &out) == 35);
	for (int n = 1; n < SIGNAL_QUEUE_MAX; n++) CHECK(signal_queue_take(&q, ~0ull, &out) == 64 && out.from.value == (uint64_t)n);
	CHECK(q.pending == 0);
}

static void emulated_set(void)
{
	for (int sig = 1; sig <= 64; sig++)
		CHECK(!xlat_signal_to_darwin(sig) == !!(SIGNAL_QUEUE_EMULATED >> (sig - 1) & 1));
}

int main(void)
{
	order();
	coalescing();
	blocked();
	bound();
	emulated_set();
	printf("signal_queue_test: %d checks passed, %d failed\n", passed, failed);
	return failed != 0;
}
