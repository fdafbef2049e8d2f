/* A request forged on the process's channel past the init host, as a hostile
 * guest can send one (raw_syscall.h's raw(), included before this). For the
 * hostile-guest test programs, built with lkl-common/include. */
#ifndef FORGED_REQUEST_H
#define FORGED_REQUEST_H

#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <lamina/channel.h>

/* Sends rq and its items after it (rq->size bytes), with a descriptor attached
 * when attach is not negative; the reply's ret, or the send's or receive's
 * error. A descriptor the reply carries lands in *got when got is not null. */
static long forged_request(struct lamina_request *rq, int attach, int *got)
{
	struct iovec iov = {rq, sizeof *rq + rq->size};
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } c;
	memset(&c, 0, sizeof c); /* no padding a kernel would read as another header */
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
	if (attach >= 0) {
		m.msg_control = &c;
		m.msg_controllen = sizeof c;
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &attach, sizeof attach);
	}
	long r = raw(SYS_sendmsg, LAMINA_CHANNEL_FD, (long)&m, 0, 0, 0);
	if (r < 0) return r;
	static char items[65536];
	struct lamina_reply reply;
	struct iovec riov[2] = {{&reply, sizeof reply}, {items, sizeof items}};
	memset(&c, 0, sizeof c);
	struct msghdr rm = {.msg_iov = riov, .msg_iovlen = 2, .msg_control = &c, .msg_controllen = sizeof c};
	r = raw(SYS_recvmsg, LAMINA_CHANNEL_FD, (long)&rm, 0, 0, 0);
	if (r < 0) return r;
	if (got && rm.msg_controllen > 0) memcpy(got, CMSG_DATA(CMSG_FIRSTHDR(&rm)), sizeof(int));
	return reply.ret;
}

#endif
