/* A guest program for AF_UNIX sockets named by path: a stream server and
 * client (bind, listen, connect, accept) and a datagram sent with sendto.
 * Its output does not depend on scheduling. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sockaddr_un addr(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strncpy(a.sun_path, path, sizeof a.sun_path - 1);
	return a;
}

int main(void)
{
	struct sockaddr_un s = addr("/tmp/../tmp/stream.sock");
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(srv, (void *)&s, sizeof s) || listen(srv, 1)) { perror("bind/listen"); return 1; }
	struct stat st;
	if (stat("/tmp/stream.sock", &st) == 0 && S_ISSOCK(st.st_mode)) printf("socket file is there\n");
	if (bind(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&s, sizeof s)) perror("second bind");
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		struct sockaddr_un to = addr("stream.sock");
		chdir("/tmp");
		if (connect(c, (void *)&to, sizeof to)) { perror("connect"); _exit(1); }
		char buf[16] = { 0 };
		write(c, "ping", 4);
		read(c, buf, sizeof buf - 1);
		printf("client got %s\n", buf);
		fflush(stdout);
		_exit(0);
	}
	int conn = accept(srv, 0, 0);
	char buf[16] = { 0 };
	read(conn, buf, sizeof buf - 1);
	printf("server got %s\n", buf);
	fflush(stdout);
	write(conn, "pong", 4);
	waitpid(child, 0, 0);

	struct sockaddr_un d = addr("/tmp/dgram.sock");
	int rx = socket(AF_UNIX, SOCK_DGRAM, 0), tx = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bind(rx, (void *)&d, sizeof d)) { perror("bind dgram"); return 1; }
	sendto(tx, "hello", 5, 0, (void *)&d, sizeof d);
	memset(buf, 0, sizeof buf);
	recv(rx, buf, sizeof buf - 1, 0);
	printf("datagram %s\n", buf);
	struct iovec iov = { "by sendmsg", 10 };
	struct msghdr msg = { .msg_name = &d, .msg_namelen = sizeof d, .msg_iov = &iov, .msg_iovlen = 1 };
	if (sendmsg(tx, &msg, 0) != 10) perror("sendmsg");
	memset(buf, 0, sizeof buf);
	recv(rx, buf, sizeof buf - 1, 0);
	printf("datagram %s\n", buf);
	struct sockaddr_un missing = addr("/tmp/none.sock");
	if (connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&missing, sizeof missing)) perror("connect to nothing");
	unlink("/tmp/stream.sock");
	unlink("/tmp/dgram.sock");
	return 0;
}
