/* A guest of another user floods the kernel's tables of datagram sockets:
 * root's connected socket (and its named one) must keep its peer and its
 * name. The flooder makes, connects or binds, and closes sockets in a loop,
 * then holds sockets until the tables are full: a new connect is refused
 * (ENOBUFS), root's sockets go on working. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000
#define HELD 4200

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void flood(const struct sockaddr_un *srv, socklen_t srv_len)
{
	if (setgid(65534) || setuid(65534)) {
		perror("setuid");
		_exit(1);
	}
	int connected = 0, bound = 0;
	for (int i = 0; i < ROUNDS; i++) {
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (s < 0) break;
		if (!connect(s, (const void *)srv, srv_len)) connected++;
		close(s);
	}
	for (int i = 0; i < ROUNDS; i++) {
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		struct sockaddr_un a;
		char path[64];
		snprintf(path, sizeof path, "/tmp/flood/%d", i);
		if (s < 0) break;
		if (!bind(s, (const void *)&a, path_addr(&a, path))) bound++;
		close(s);
		unlink(path);
	}
	int refused = 0, held = 0;
	for (int i = 0; i < HELD; i++) {
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (s < 0) break;
		if (!connect(s, (const void *)srv, srv_len)) held++;
		else if (errno == ENOBUFS) refused++;
	}
	printf("flooder: %d and %d made and dropped, %d held, refused: %s\n", connected == ROUNDS, bound == ROUNDS,
	       held >= 4000, refused > 0 ? "ENOBUFS" : "none");
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	struct sockaddr_un srv, cli;
	socklen_t srv_len = path_addr(&srv, "/tmp/srv.sock"), cli_len = path_addr(&cli, "/tmp/root/cli.sock");
	mkdir("/tmp/root", 0700);
	mkdir("/tmp/flood", 01777);
	chmod("/tmp/flood", 01777);
	int server = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bind(server, (const void *)&srv, srv_len)) return perror("bind server"), 1;
	chmod("/tmp/srv.sock", 0777);
	int victim = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (bind(victim, (const void *)&cli, cli_len)) return perror("bind victim"), 1;
	if (connect(victim, (const void *)&srv, srv_len)) return perror("connect victim"), 1;
	pid_t child = fork();
	if (!child) flood(&srv, srv_len);
	int status;
	waitpid(child, &status, 0);
	/* Drain what the flooder sent (nothing: it only connected). */
	if (send(victim, "root", 4, 0) != 4) return perror("victim send"), 1;
	char got[16];
	struct sockaddr_un from;
	socklen_t from_len = sizeof from;
	ssize_t n = recvfrom(server, got, sizeof got, 0, (void *)&from, &from_len);
	printf("received %.*s from %s\n", (int)(n < 0 ? 0 : n), got, from_len > offsetof(struct sockaddr_un, sun_path) ? from.sun_path : "(unnamed)");
	return 0;
}
