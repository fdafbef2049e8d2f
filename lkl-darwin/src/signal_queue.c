/* signal_queue.h: a pending set with Linux's order, in a fixed array. */
#include "signal_queue.h"

static uint64_t bit(int sig) { return 1ull << (sig - 1); }

int signal_queue_post(struct signal_queue *q, const struct lx_siginfo *info)
{
	int sig = info->signo;
	if (sig < SIGNAL_QUEUE_REALTIME_FIRST && (q->pending & bit(sig))) return 0;
	if (q->count == SIGNAL_QUEUE_MAX) return -LINUX_EAGAIN;
	q->entries[q->count++] = *info;
	q->pending |= bit(sig);
	return 0;
}

int signal_queue_take(struct signal_queue *q, uint64_t from, struct lx_siginfo *out)
{
	uint64_t ready = q->pending & from;
	if (!ready) return 0;
	int sig = __builtin_ctzll(ready) + 1;
	int at = 0, more = 0;
	while (q->entries[at].signo != sig) at++;
	*out = q->entries[at];
	for (int i = at + 1; i < q->count; i++) {
		more |= q->entries[i].signo == sig;
		q->entries[i - 1] = q->entries[i];
	}
	q->count--;
	if (!more) q->pending &= ~bit(sig);
	return sig;
}
