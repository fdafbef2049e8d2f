/* SCM_CREDENTIALS on AF_UNIX stream and datagram pairs with SO_PASSCRED:
 * a plain write comes with the sender's pid and ids, a sender may name its
 * own and no other pid or uid (EPERM for a user), and a user's come as its
 * own. In Lamina the host checked and filled in its own: a sender naming
 * its own pid got EPERM, and the receiver saw host pids (found by the
 * forty-first session's Go probe: TestSCMCredentials).
 * Then senders of other kinds: a datagram sent to a path (busybox logger's
 * to /dev/log, which a root syslogd trusts), also by a sender that has
 * ended before it is read, and senders whose real and effective ids differ
 * (Linux sends the real ones; SO_PEERCRED gives the effective). In Lamina
 * the kernel sends a guest's datagrams from a socket of its own, and its
 * own ids, the host's user, read as root's: a user's message came as
 * root's. */
#include "../conf.h"

/* show's reads go through recvmmsg rather than recvmsg */
static int by_recvmmsg;

static void show(int fd, const char *label, pid_t sender)
{
	char buf[8], control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec io = { buf, sizeof buf };
	struct mmsghdr mm = { .msg_hdr = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control } };
	struct msghdr m = mm.msg_hdr;
	/* each message is there once sent (a pair on this host): a missing one is EAGAIN, not a hang */
	long got = by_recvmmsg ? recvmmsg(fd, &mm, 1, MSG_DONTWAIT, NULL) : recvmsg(fd, &m, MSG_DONTWAIT);
	if (by_recvmmsg) m = mm.msg_hdr;
	if (got < 0) {
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
	if (sender) printf("%s: pid %s, uid %u, gid %u\n", label, u.pid == sender ? "the sender's" : "another", u.uid, u.gid);
	else printf("%s: uid %u, gid %u\n", label, u.uid, u.gid);
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

/* In a child: takes the ids (real uid ruid, effective euid; gids alike) and sends "x" with write(fd) or to path. */
static long send_one(int fd, const char *path, uid_t ruid, uid_t euid)
{
	if (setresgid(ruid, euid, 0) || setresuid(ruid, euid, 0)) return -1;
	if (!path) return write(fd, "x", 1);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	return sendto(s, "x", 1, 0, (void *)&a, sizeof a);
}

/* A child that sends as send_one does and ends; returns its pid once it is reaped. */
static pid_t sent_by(int fd, const char *path, uid_t ruid, uid_t euid)
{
	pid_t child = fork();
	if (child == 0) {
		long r = send_one(fd, path, ruid, euid);
		_exit(r == 1 ? 0 : 2);
	}
	int st;
	waitpid(child, &st, 0);
	status("  sender", st);
	return child;
}

/* The same, but the child is alive while its message is read (show), then reaped. */
static void shown_live(const char *label, int rfd, int fd, const char *path, uid_t ruid, uid_t euid)
{
	int sent[2], done[2];
	must("pipe", pipe(sent));
	must("pipe", pipe(done));
	pid_t child = fork();
	if (child == 0) {
		long r = send_one(fd, path, ruid, euid);
		write(sent[1], r == 1 ? "y" : "n", 1);
		close(done[1]);
		char b;
		read(done[0], &b, 1);
		_exit(0);
	}
	char b = 'n';
	read(sent[0], &b, 1);
	if (b == 'y') show(rfd, label, path ? 0 : child);
	else printf("%s: not sent\n", label);
	close(done[1]);
	int st;
	waitpid(child, &st, 0);
	close(done[0]);
	close(sent[0]);
	close(sent[1]);
}

static void senders(void)
{
	const char *path = "/tmp/scm-senders";
	unlink(path);
	int on = 1;
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	must("bind", bind(srv, (void *)&a, sizeof a));
	must("chmod", chmod(path, 0666));
	must("SO_PASSCRED", setsockopt(srv, SOL_SOCKET, SO_PASSCRED, &on, sizeof on));

	/* the ids only: Lamina's kernel sends these, and shows pid 0 */
	sent_by(-1, path, 1000, 1000);
	show(srv, "to a path, from a user that ended", 0);
	sent_by(-1, path, 0, 0);
	show(srv, "to a path, from root that ended", 0);
	sent_by(-1, path, 0, 1000);
	show(srv, "to a path, from a process with root as its real ids, ended", 0);
	shown_live("to a path, from a user alive", srv, -1, path, 1001, 1001);
	shown_live("to a path, from a process with a user's real ids, alive", srv, -1, path, 1002, 0);

	int sv[2];
	must("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	must("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
	/* a stream's sender that has ended is not named (its host pid may be another's by now): not compared */
	shown_live("a stream, from a process with a user's real ids, alive", sv[1], sv[0], NULL, 1002, 0);
	shown_live("a stream, from a process with root's real ids, alive", sv[1], sv[0], NULL, 0, 1003);
	by_recvmmsg = 1; /* which showed the host's ids, root's, for every guest */
	shown_live("a stream, from a user alive, read by recvmmsg", sv[1], sv[0], NULL, 1004, 1004);
	shown_live("to a path, from a user alive, read by recvmmsg", srv, -1, path, 1005, 1005);
	by_recvmmsg = 0;

	/* a live sender to a path: its own pid and ids */
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("send to the path", sendto(s, "x", 1, 0, (void *)&a, sizeof a));
	show(srv, "to a path, from this process", 0);
	unlink(path);
}

int main(void)
{
	pair(SOCK_STREAM, "stream");
	pair(SOCK_DGRAM, "datagram");
	senders();
	return 0;
}
