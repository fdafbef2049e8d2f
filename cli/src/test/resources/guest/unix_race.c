/* A hostile guest racing AF_UNIX resolution: one process keeps exchanging a
 * socket of the container and a symlink to a host socket (renameat2
 * RENAME_EXCHANGE) while another connects and sends to the socket's name.
 * A path checked by the kernel and then looked up again on the host would
 * reach the host socket; the test counts what the host socket received.
 * Bounded: argv[2] rounds. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define RENAME_EXCHANGE 2

int main(int argc, char **argv)
{
	if (argc < 3) return 2;
	int rounds = atoi(argv[2]);
	mkdir("/tmp/u", 0755);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "/tmp/u/sock");
	int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (bind(srv, (void *)&a, sizeof a) || listen(srv, 64)) { perror("bind"); return 1; }
	if (symlink(argv[1], "/tmp/u/link")) { perror("symlink"); return 1; }
	pid_t swapper = fork();
	if (swapper == 0)
		for (;;) syscall(SYS_renameat2, AT_FDCWD, "/tmp/u/sock", AT_FDCWD, "/tmp/u/link", RENAME_EXCHANGE);
	int connected = 0;
	for (int i = 0; i < rounds; i++) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(c, (void *)&a, sizeof a) == 0) connected++;
		close(c);
		int d = socket(AF_UNIX, SOCK_DGRAM, 0);
		sendto(d, "x", 1, MSG_DONTWAIT, (void *)&a, sizeof a);
		close(d);
		int accepted;
		while ((accepted = accept4(srv, 0, 0, SOCK_NONBLOCK)) >= 0) close(accepted);
	}
	kill(swapper, SIGKILL);
	waitpid(swapper, 0, 0);
	printf("connected %d of %d\n", connected, rounds);
	return 0;
}
