/* A hostile guest that asks its kernel for client sockets (SOCKET_DESTINATION
 * with ROUTE_GRANT, tcp_connect.c's request) past the init host, and asks on
 * without reading the replies: descriptors in flight count against the
 * kernel's user on the host, so enough of them would stop every container's
 * descriptor passing. Built static with lkl-common/include.
 *   route_flood ADDRESS PORT   (another container's address and a port it serves)
 * prints the client sockets one request read at once brought, then how many a
 * burst of requests, each sent once the last was answered but none read,
 * brought in all. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "raw_syscall.h"
#include <lamina/channel.h>

#define BURST 16

struct request {
	struct lamina_request head;
	uint32_t len;
	struct sockaddr_in to;
};

static long send_request(const struct request *rq, int attach)
{
	struct iovec iov = {(void *)rq, sizeof rq->head + rq->head.size}; /* not the struct's padding */
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } c;
	memset(&c, 0, sizeof c);
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = &c, .msg_controllen = sizeof c};
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &attach, sizeof attach);
	return raw(SYS_sendmsg, LAMINA_CHANNEL_FD, (long)&m, 0, 0, 0);
}

/* One reply: the descriptors it brought, closed (the epoch page's among them). */
static int receive_reply(void)
{
	struct lamina_reply reply;
	static char items[4096];
	union { struct cmsghdr h; char space[CMSG_SPACE(LAMINA_REPLY_FDS_MAX * sizeof(int))]; } c;
	memset(&c, 0, sizeof c);
	struct iovec iov[2] = {{&reply, sizeof reply}, {items, 0}};
	struct msghdr m = {.msg_iov = iov, .msg_iovlen = 1, .msg_control = &c, .msg_controllen = sizeof c};
	if (raw(SYS_recvmsg, LAMINA_CHANNEL_FD, (long)&m, 0, 0, 0) != sizeof reply) return -1;
	int n = 0;
	if (m.msg_controllen > 0) {
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		n = (int)((h->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (int i = 0; i < n; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof fd);
			close(fd);
		}
	}
	/* the items, read whole */
	for (uint32_t left = reply.size; left;) {
		iov[0] = (struct iovec){items, left < sizeof items ? left : sizeof items};
		struct msghdr rest = {.msg_iov = iov, .msg_iovlen = 1};
		long got = raw(SYS_recvmsg, LAMINA_CHANNEL_FD, (long)&rest, 0, 0, 0);
		if (got <= 0) return -1;
		left -= (uint32_t)got;
	}
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 3 || !raw_syscall_init()) {
		fprintf(stderr, "usage: route_flood ADDRESS PORT (static, in --compat)\n");
		return 2;
	}
	struct request rq = {
		.head = {.size = 4 + sizeof(struct sockaddr_in), .op = LAMINA_OP_SOCKET,
		         .args = {LAMINA_SOCKET_DESTINATION, LAMINA_ROUTE_GRANT | LAMINA_ROUTE_EPOCH, LAMINA_REPLY_FDS_MAX}},
		.len = sizeof(struct sockaddr_in),
		.to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))},
	};
	inet_pton(AF_INET, argv[1], &rq.to.sin_addr);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int first = 0;
	/* read at once, until the kernel has made sockets ahead (its first answer brings none) */
	for (int i = 0; i < 50 && first <= 1; i++) {
		if (send_request(&rq, s) < 0) return 1;
		first = receive_reply();
		usleep(20000);
	}
	printf("read at once: %s\n", first > 1 ? "client sockets" : "none");
	rq.head.args[1] = LAMINA_ROUTE_GRANT; /* the page once is enough */
	/* one at a time, each once the last is answered (unread): requests that come
	 * together end the process (a second request before the reply to the first) */
	for (int i = 0; i < BURST; i++) {
		if (send_request(&rq, s) < 0) return 1;
		usleep(5000);
	}
	int burst = 0;
	for (int i = 0; i < BURST; i++) {
		int n = receive_reply();
		if (n < 0) return 1;
		burst += n;
	}
	/* the first of the burst may carry one reply's worth */
	printf("burst: %s\n", burst <= LAMINA_REPLY_FDS_MAX + 1 ? "one reply's at most" : "more");
	return 0;
}
