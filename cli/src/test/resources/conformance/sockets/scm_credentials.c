/* SCM_CREDENTIALS on AF_UNIX stream and datagram pairs with SO_PASSCRED:
 * a plain write comes with the sender's pid and ids, a sender may name its
 * own and no other pid or uid (EPERM for a user), and a user's come as its
 * own. In Lamina the host checked and filled in its own: a sender naming
 * its own pid got EPERM, and the receiver saw host pids (found by the
 * forty-first session's Go probe: TestSCMCredentials). */
#include "../conf.h"

static void show(int fd, const char *label, pid_t sender)
{
	char buf[8], control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec io = { buf, sizeof buf };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	/* each message is there once sent (a pair on this host): a missing one is EAGAIN, not a hang */
	if (recvmsg(fd, &m, MSG_DONTWAIT) < 0) {
		printf("%s: %s\n", label, errname(errno));
		return;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_CREDENTIALS) {
		printf("%s: no credentials\n", label);
		return;
	}
	struct ucred u;
	memcpy(&u, CMSG_DATA(c), sizeof u);
	printf("%s: pid %s, uid %u, gid %u\n", label, u.pid == sender ? "the sender's" : "another", u.uid, u.gid);
}

static long send_as(int fd, pid_t pid, uid_t uid, gid_t gid)
{
	struct ucred u = { pid, uid, gid };
	char control[CMSG_SPACE(sizeof u)];
	memset(control, 0, sizeof control);
	struct iovec io = { "x", 1 };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof u);
	memcpy(CMSG_DATA(c), &u, sizeof u);
	return sendmsg(fd, &m, 0);
}

static void pair(int type, const char *name)
{
	int sv[2], on = 1, done[2], printed[2];
	printf("-- %s\n", name);
	must("socketpair", socketpair(AF_UNIX, type, 0, sv));
	must("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
	must("write", write(sv[0], "a", 1));
	show(sv[1], "a plain write", getpid());
	check("root sends its own", send_as(sv[0], getpid(), getuid(), getgid()));
	show(sv[1], "its own", getpid());
	must("pipe", pipe(done));
	must("pipe", pipe(printed));
	pid_t child = fork();
	if (child == 0) {
		if (setgid(65534) || setuid(65534)) _exit(1);
		check("a user sends root's uid", send_as(sv[0], getpid(), 0, 65534));
		check("a user sends another pid", send_as(sv[0], getppid(), 65534, 65534));
		check("a user sends its own", send_as(sv[0], getpid(), 65534, 65534));
		write(printed[1], "", 1); /* its lines before the parent's */
		close(done[1]);
		char b;
		read(done[0], &b, 1); /* alive while its message is read */
		_exit(0);
	}
	char b;
	read(printed[0], &b, 1);
	close(printed[0]);
	close(printed[1]);
	show(sv[1], "the user's", child);
	close(done[1]);
	int st;
	waitpid(child, &st, 0);
	status("user", st);
	close(done[0]);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	pair(SOCK_STREAM, "stream");
	pair(SOCK_DGRAM, "datagram");
	return 0;
}
