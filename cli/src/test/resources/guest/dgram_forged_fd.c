/* A hostile guest forges the init host's datagram requests (LAMINA_OP_UNIX_PATH,
 * LAMINA_UNIX_DGRAM_*) on its process channel, with a descriptor that is no
 * datagram socket: the kernel keys its tables of datagram sockets (the peer a
 * socket is connected to, the name it sends from) by the descriptor's inode, and
 * a memfd's inode number can be made to match another user's socket. Each forged
 * request must be refused; it prints the kernel's answers.
 *
 *   dgram_forged_fd
 *
 * Built static (musl-gcc -static) and run with --compat. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
#include <lamina/channel.h>

#include "raw_syscall.h"

/* One request with a name item (and a payload item for a send), fd attached; the reply's result. */
static long forge(int what, int fd, const char *name, unsigned len, const char *payload)
{
	char buf[512];
	struct lamina_request *rq = (struct lamina_request *)buf;
	memset(rq, 0, sizeof *rq);
	rq->op = LAMINA_OP_UNIX_PATH;
	rq->args[0] = what;
	unsigned off = sizeof *rq;
	memcpy(buf + off, &len, 4);
	memcpy(buf + off + 4, name, len);
	off += 4 + len;
	if (payload) {
		unsigned n = strlen(payload);
		memcpy(buf + off, &n, 4);
		memcpy(buf + off + 4, payload, n);
		off += 4 + n;
	}
	rq->size = off - sizeof *rq;
	struct iovec iov = { buf, off };
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } c;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &c, .msg_controllen = sizeof c };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof fd);
	long r = raw(SYS_sendmsg, LAMINA_CHANNEL_FD, (long)&m, 0, 0, 0);
	if (r < 0) return r;
	struct lamina_reply reply;
	char items[512];
	struct iovec riov[2] = { { &reply, sizeof reply }, { items, sizeof items } };
	struct msghdr rm = { .msg_iov = riov, .msg_iovlen = 2 };
	r = raw(SYS_recvmsg, LAMINA_CHANNEL_FD, (long)&rm, 0, 0, 0);
	return r < 0 ? r : reply.ret;
}

int main(void)
{
	if (!raw_syscall_init()) return 1;
	int memfd = memfd_create("x", 0), stream = socket(AF_UNIX, SOCK_STREAM, 0);
	int dgram = socket(AF_UNIX, SOCK_DGRAM, 0), server = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "\0forged-fd-test" };
	if (memfd < 0 || stream < 0 || dgram < 0 || server < 0
	    || bind(server, (struct sockaddr *)&a, sizeof(sa_family_t) + 15) < 0) return 1;
	printf("memfd connect: %ld\n", forge(LAMINA_UNIX_DGRAM_CONNECT, memfd, a.sun_path, 15, 0));
	printf("memfd send: %ld\n", forge(LAMINA_UNIX_DGRAM_SEND, memfd, a.sun_path, 15, "forged"));
	printf("memfd shut: %ld\n", forge(LAMINA_UNIX_DGRAM_SHUT, memfd, "", 0, 0));
	printf("stream socket connect: %ld\n", forge(LAMINA_UNIX_DGRAM_CONNECT, stream, a.sun_path, 15, 0));
	/* the same request with the datagram socket it is made for is served */
	printf("dgram send: %ld\n", forge(LAMINA_UNIX_DGRAM_SEND, dgram, a.sun_path, 15, "genuine"));
	char got[16] = { 0 };
	printf("received: %s\n", recv(server, got, sizeof got - 1, MSG_DONTWAIT) > 0 ? got : "nothing");
	return 0;
}
