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
#include "forged_request.h"

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
	return forged_request(rq, fd, 0);
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
	/* a datagram socket bound by path, as the stream socket a bound connect is for: no socket comes back */
	struct sockaddr_un named = { .sun_family = AF_UNIX, .sun_path = "/tmp/forged-dgram" };
	unlink(named.sun_path);
	int bound = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bound < 0 || bind(bound, (struct sockaddr *)&named, sizeof named) < 0) return 1;
	printf("dgram bound connect: %ld\n", forge(LAMINA_UNIX_BOUND_CONNECT, bound, named.sun_path, 17, 0));
	/* the same request with the datagram socket it is made for is served */
	printf("dgram send: %ld\n", forge(LAMINA_UNIX_DGRAM_SEND, dgram, a.sun_path, 15, "genuine"));
	char got[16] = { 0 };
	printf("received: %s\n", recv(server, got, sizeof got - 1, MSG_DONTWAIT) > 0 ? got : "nothing");
	return 0;
}
