/* What one container's root server with SO_PASSCRED is shown of a user in
 * another container that shares its volume (HostileGuestTest).
 *   recv DIR: binds DIR/d.sock (datagrams) and DIR/s.sock (a stream
 *             listener), says "ready", then prints the ids that come with
 *             one datagram and with one byte on one connection, and the
 *             connection's SO_PEERCRED;
 *   send DIR: sends a datagram to d.sock, and a byte over a connection to
 *             s.sock, then ends.
 * Every guest is the host's user, and that user is root in a container: a
 * sender its kernel cannot name must not be shown as root. */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un at(const char *dir, const char *name)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof a.sun_path, "%s/%s", dir, name);
	return a;
}

static int ready(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, 60000) == 1;
}

static void show(const char *label, int fd)
{
	char buf[4], control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec io = {buf, sizeof buf};
	struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
	if (!ready(fd) || recvmsg(fd, &m, 0) <= 0) {
		printf("%s: nothing came\n", label);
		return;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_type != SCM_CREDENTIALS) {
		printf("%s: no credentials\n", label);
		return;
	}
	struct ucred u;
	memcpy(&u, CMSG_DATA(c), sizeof u);
	printf("%s: uid %u gid %u\n", label, u.uid, u.gid);
}

int main(int argc, char **argv)
{
	if (argc != 3) return 2;
	struct sockaddr_un d = at(argv[2], "d.sock"), s = at(argv[2], "s.sock");
	int on = 1;
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(argv[1], "recv")) {
		int dg = socket(AF_UNIX, SOCK_DGRAM, 0), ls = socket(AF_UNIX, SOCK_STREAM, 0);
		unlink(d.sun_path);
		unlink(s.sun_path);
		if (bind(dg, (void *)&d, sizeof d) || bind(ls, (void *)&s, sizeof s) ||
		    chmod(d.sun_path, 0777) || chmod(s.sun_path, 0777) ||
		    setsockopt(dg, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) ||
		    setsockopt(ls, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) || listen(ls, 4)) { /* accepted ones take it on */
			perror("set-up");
			return 1;
		}
		printf("ready\n");
		show("datagram", dg);
		int c = ready(ls) ? accept(ls, NULL, NULL) : -1;
		if (c < 0 || setsockopt(c, SOL_SOCKET, SO_PASSCRED, &on, sizeof on)) {
			printf("stream: no connection\n");
			return 1;
		}
		show("stream", c);
		struct ucred peer;
		socklen_t len = sizeof peer;
		if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &peer, &len)) perror("SO_PEERCRED");
		else printf("its SO_PEERCRED: uid %u gid %u\n", peer.uid, peer.gid);
		return 0;
	}
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sendto(dg, "x", 1, 0, (void *)&d, sizeof d) != 1) perror("sendto");
	if (connect(c, (void *)&s, sizeof s) || write(c, "x", 1) != 1) perror("stream");
	return 0;
}
