#include <asm/errno.h>
#include "channel.h"
#include "host_syscall.h"
#include "util.h"
#include "guest_access.h"

/* About 20-40 microseconds of polling. */
#define REPLY_SPINS 200
#include <lamina/linux_abi.h>

_Static_assert(sizeof(struct lx_cmsg_fd) == LX_CMSG_HEADER + CALL_FDS_MAX * sizeof(int),
               "one control message holds every fd a request attaches");

static long send_iov(int fd, struct lx_iovec *iov, int n, const int *fds, int nfds)
{
	struct lx_cmsg_fd control = { LX_CMSG_HEADER + (unsigned long)nfds * sizeof(int), LX_SOL_SOCKET,
	                              LX_SCM_RIGHTS, { -1, -1 } };
	struct lx_msghdr msg = { .iov = iov, .iovlen = (unsigned long)n };
	if (nfds) {
		for (int i = 0; i < nfds; i++) control.fds[i] = fds[i];
		msg.control = &control;
		msg.controllen = sizeof control; /* CMSG_SPACE of one fd or two */
	}
	while (n > 0) {
		long r = host_syscall3(__NR_sendmsg, fd, &msg, LX_MSG_NOSIGNAL);
		if (r == -EINTR) continue;
		if (r < 0) return r;
		msg.control = 0;
		msg.controllen = 0;
		while (n > 0 && (size_t)r >= iov->len) {
			r -= (long)iov->len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->base = (char *)iov->base + r;
			iov->len -= (size_t)r;
		}
		msg.iov = iov;
		msg.iovlen = (unsigned long)n;
	}
	return 0;
}

static void flush(struct call *c)
{
	struct lx_iovec *iov = c->iov;
	int n = 0;
	if (!c->header_sent)
		iov[n++] = (struct lx_iovec){ &c->req, sizeof c->req };
	for (int i = 0; i < c->nitems; i++) {
		iov[n++] = (struct lx_iovec){ &c->lens[i], 4 };
		if (c->lens[i])
			iov[n++] = (struct lx_iovec){ (void *)c->data[i], c->lens[i] };
	}
	if (!c->error && n)
		c->error = send_iov(c->channel, iov, n, c->send_fds, c->header_sent ? 0 : c->nfds);
	c->header_sent = 1;
	c->nitems = 0;
}

static void send_interrupt(struct call *c)
{
	c->interrupted = 1;
	/* 40 bytes go whole into a stream socket, or not at all without waiting. */
	struct lamina_request req = { .size = 0, .op = LAMINA_OP_INTERRUPT | LAMINA_OP_POSTED };
	host_syscall6(__NR_sendto, c->channel, (long)&req, sizeof req, LX_MSG_NOSIGNAL | LX_MSG_DONTWAIT, 0, 0);
}

void call_begin(struct call *c, int channel, int op, const long args[6], uint32_t payload_size)
{
	c->channel = channel;
	c->nfds = 0;
	c->nitems = 0;
	c->header_sent = 0;
	c->error = 0;
	c->req.size = payload_size;
	c->req.op = op;
	for (int i = 0; i < 6; i++)
		c->req.args[i] = args ? args[i] : 0;
}

void call_item(struct call *c, const void *data, uint32_t len)
{
	if (c->nitems == CALL_ITEMS_MAX)
		flush(c);
	c->lens[c->nitems] = len;
	c->data[c->nitems] = data;
	c->nitems++;
}

void call_attach(struct call *c, int fd)
{
	if (c->nfds < CALL_FDS_MAX) c->send_fds[c->nfds++] = fd;
	else c->error = -EINVAL;
}

/* Reads len bytes into p; when p cannot take them (a guest's buffer: the
 * host says EFAULT), the rest goes to the sink, so that the channel stays in
 * step, and the answer is -EFAULT. */
static long socket_read(struct call *c, char *p, size_t len)
{
	long fault = 0;
	while (len) {
		char *to = fault ? c->sink : p;
		size_t want = fault && len > sizeof c->sink ? sizeof c->sink : len;
		long r = host_syscall6(__NR_recvfrom, c->channel, (long)to, (long)want, 0, 0, 0);
		if (r == -EINTR) continue;
		if (r == -EFAULT && !fault) {
			fault = r;
			continue;
		}
		if (r < 0) return r;
		if (r == 0) return -EPIPE;
		if (!fault) p += r;
		len -= (size_t)r;
	}
	return fault;
}

long reply_read(struct call *c, void *buf, size_t len)
{
	char *p = buf;
	size_t staged = c->staged_len - c->staged_pos;
	size_t take = staged < len ? staged : len;
	long fault = take && p ? guest_copy(p, c->staged + c->staged_pos, take) : 0;
	c->staged_pos += (uint32_t)take;
	if (!fault) return socket_read(c, p ? p + take : 0, len - take);
	long r = 0;
	for (size_t rest = len - take; rest && !r;) {
		size_t n = rest < sizeof c->sink ? rest : sizeof c->sink;
		r = socket_read(c, c->sink, n);
		rest -= n;
	}
	return r ? r : fault;
}

long call_finish(struct call *c, struct lamina_reply *reply, int *fd)
{
	int fds[1];
	long r = call_finish_fds(c, reply, fds, 1);
	if (fd) *fd = fds[0];
	else if (fds[0] >= 0) host_syscall1(__NR_close, fds[0]);
	return r;
}

long call_post(struct call *c)
{
	flush(c);
	return c->error;
}

long call_finish_fds(struct call *c, struct lamina_reply *reply, int *fds, int cap)
{
	for (int i = 0; i < cap; i++) fds[i] = -1;
	flush(c);
	if (c->error) return c->error;
	c->interrupted = 0;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	c->awaiting = 1; /* the request is all out: an interrupt cannot land inside it */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (c->signalled && !c->interrupted) send_interrupt(c);
	long r = reply_receive(c, reply, fds, cap);
	c->awaiting = 0;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return r;
}

void call_interrupt(struct call *c)
{
	c->signalled = 1;
	if (c->awaiting && !c->interrupted) send_interrupt(c);
}

long reply_receive(struct call *c, struct lamina_reply *reply, int *fds, int cap)
{
	for (int i = 0; i < cap; i++) fds[i] = -1;
	/* in the thread's record, not on its stack: a guest handler's calls run on a small one */
	struct reply_control *control = &c->control;
	control->len = 0;
	struct lx_iovec iov[2] = { { reply, sizeof *reply }, { c->staged, sizeof c->staged } };
	struct lx_msghdr msg = { .iov = iov, .iovlen = 2, .control = control,
	                         .controllen = sizeof *control };
	/* The reply usually comes within microseconds: polling for it a little
	 * while keeps this thread on its CPU instead of paying a wake-up. */
	long r = -EAGAIN;
	for (int i = 0; i < REPLY_SPINS && r == -EAGAIN; i++) {
		r = host_syscall3(__NR_recvmsg, c->channel, &msg, LX_MSG_CMSG_CLOEXEC | LX_MSG_DONTWAIT);
		host_cpu_relax();
	}
	while (r == -EAGAIN || r == -EINTR)
		r = host_syscall3(__NR_recvmsg, c->channel, &msg, LX_MSG_CMSG_CLOEXEC);
	if (r < 0) return r;
	if (r == 0) return -EPIPE;
	c->staged_pos = 0;
	if ((size_t)r < sizeof *reply) {
		c->staged_len = 0;
		long rest = socket_read(c, (char *)reply + r, sizeof *reply - (size_t)r);
		if (rest) return rest;
	} else {
		c->staged_len = (uint32_t)((size_t)r - sizeof *reply);
	}
	if (c->staged_len > reply->size) return -EPROTO;
	c->fds_refused = (msg.flags & LX_MSG_CTRUNC) != 0;
	int count = 0;
	if (msg.controllen >= LX_CMSG_LEN_ONE_FD && control->level == LX_SOL_SOCKET &&
	    control->type == LX_SCM_RIGHTS)
		count = (int)((control->len - LX_CMSG_HEADER) / sizeof(int));
	if (count > LAMINA_REPLY_FDS_MAX) count = LAMINA_REPLY_FDS_MAX;
	for (int i = 0; i < count; i++) {
		/* more than the caller takes: closed */
		if (i >= cap) {
			host_syscall1(__NR_close, control->fds[i]);
			continue;
		}
		fds[i] = control->fds[i];
		/* Received close-on-exec; the kernel says whether it should stay so. */
		if (!(reply->flags & LAMINA_REPLY_CLOEXEC))
			host_syscall3(__NR_fcntl, fds[i], LX_F_SETFD, 0);
	}
	return 0;
}

long reply_item(struct call *c, void *buf, size_t cap, uint32_t *left)
{
	uint32_t len;
	if (*left < 4) return -EPROTO;
	long r = reply_read(c, &len, 4);
	if (r) return r;
	*left -= 4;
	if (len > *left) return -EPROTO;
	*left -= len;
	size_t keep = buf ? (len < cap ? len : cap) : 0;
	long fault = reply_read(c, buf, keep);
	if (fault && fault != -EFAULT) return fault;
	for (size_t rest = len - keep; rest;) {
		size_t n = rest < sizeof c->sink ? rest : sizeof c->sink;
		if ((r = reply_read(c, c->sink, n))) return r;
		rest -= n;
	}
	return fault ? fault : len;
}

long call_answer(struct call *c, int *fd)
{
	struct lamina_reply reply;
	long r = call_finish(c, &reply, fd);
	if (r) return r;
	uint32_t left = reply.size;
	while (left)
		if ((r = reply_item(c, 0, 0, &left)) < 0) return r;
	return reply.ret;
}

long channel_simple(struct call *c, int channel, int op, long a0, long a1)
{
	long args[6] = { a0, a1, 0, 0, 0, 0 };
	call_begin(c, channel, op, args, 0);
	return call_answer(c, 0);
}

long channel_post(struct call *c, int channel, int op, long a0, long a1)
{
	long args[6] = { a0, a1, 0, 0, 0, 0 };
	call_begin(c, channel, op | LAMINA_OP_POSTED, args, 0);
	return call_post(c);
}
