/* SO_PEERCRED between the container's own processes: a root server sees a
 * client that became uid 1000 as 1000 (PostgreSQL's peer authentication
 * reads it), and the client sees the server as root; pids are each one's.
 * A client process that has ended, its socket held by its child, still
 * shows the ids it connected with (Linux keeps them), not root. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/tmp/peercred.sock" };
	unlink(a.sun_path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1) || chmod(a.sun_path, 0777)) return 1;
	alarm(20); /* a client that cannot connect leaves the accept waiting */
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		if (setgid(1000) || setuid(1000)) _exit(2);
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof a) || write(c, "h", 1) != 1) _exit(3);
		struct ucred u;
		socklen_t len = sizeof u;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &u, &len);
		printf("the client sees uid %u gid %u, its parent: %s\n", u.uid, u.gid, u.pid == getppid() ? "yes" : "no");
		fflush(stdout);
		write(c, "p", 1); /* printed: the server's line comes after */
		char b;
		read(c, &b, 1);
		_exit(0);
	}
	int c = accept(s, 0, 0);
	/* As a server asks once the client has spoken (PostgreSQL's startup packet). */
	char hello;
	if (read(c, &hello, 1) != 1) return 1;
	struct ucred u;
	socklen_t len = sizeof u;
	getsockopt(c, SOL_SOCKET, SO_PEERCRED, &u, &len);
	char printed; /* the client's line first, however late a loaded machine lets it print */
	if (read(c, &printed, 1) != 1) return 1;
	printf("the server sees uid %u gid %u, its child: %s\n", u.uid, u.gid, u.pid == child ? "yes" : "no");
	fflush(stdout);
	write(c, "x", 1);
	waitpid(child, 0, 0);

	pid_t ended = fork();
	if (ended == 0) {
		if (setgid(1001) || setuid(1001)) _exit(2);
		int k = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(k, (struct sockaddr *)&a, sizeof a) || write(k, "h", 1) != 1) _exit(3);
		if (fork() == 0) { /* holds the socket until the server has asked */
			char b;
			read(k, &b, 1);
			_exit(0);
		}
		_exit(0);
	}
	int e = accept(s, 0, 0);
	if (read(e, &hello, 1) != 1) return 1;
	waitpid(ended, 0, 0);
	len = sizeof u;
	getsockopt(e, SOL_SOCKET, SO_PEERCRED, &u, &len);
	printf("the server sees an ended client as uid %u gid %u, its pid: %s\n", u.uid, u.gid, u.pid == ended ? "yes" : "no");
	write(e, "x", 1);
	return 0;
}
