/* A guest that forges an execve request on its channel for a set-user-ID
 * root program (a pipe as the "new channel"), never execs, then asks for
 * that exec's plan on its own channel: the plan (the program's ids, its
 * descriptor) must not come to the old program (found by the fortieth
 * session's review: the process then had the program's euid 0). Prints
 * what it gets; argv[1] the program, argv[2] a file only root may read.
 * With no arguments, it prints its effective uid (the test's set-user-ID
 * program is a copy of it). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <lamina/channel.h>
#include "raw_syscall.h"
#include "forged_request.h"

/* One request on the channel (string items, an optional descriptor attached): its reply's ret. */
static long request(int op, long a1, long a2, const char **items, int n, int attach, int *got)
{
	static char buf[4096];
	struct lamina_request *rq = (struct lamina_request *)buf;
	memset(buf, 0, sizeof buf);
	rq->op = op;
	rq->args[1] = a1;
	rq->args[2] = a2;
	unsigned off = sizeof *rq;
	for (int i = 0; i < n; i++) {
		unsigned len = strlen(items[i]) + 1;
		memcpy(buf + off, &len, 4);
		memcpy(buf + off + 4, items[i], len);
		off += 4 + len;
	}
	rq->size = off - sizeof *rq;
	return forged_request(rq, attach, got);
}

int main(int argc, char **argv)
{
	if (argc == 1) { /* run as itself, set-user-ID: its ids */
		printf("run as such: euid %d\n", geteuid());
		return 0;
	}
	if (argc < 3 || !raw_syscall_init()) return 1;
	printf("euid before: %d\n", geteuid());
	int p[2];
	if (raw(SYS_pipe2, (long)p, 0, 0, 0, 0) < 0) return 2;
	const char *items[] = {argv[1], "prog", "PATH=/bin"};
	printf("forged exec: %ld\n", request(LAMINA_OP_EXEC, 1, 1, items, 3, p[1], 0));
	int program = -1;
	long plan = request(LAMINA_OP_EXEC_PLAN, 0, 0, 0, 0, -1, &program);
	printf("forged plan: %s\n", plan < 0 ? "refused" : "given");
	printf("program's descriptor: %s\n", program >= 0 ? "given" : "none");
	printf("euid after: %d\n", geteuid());
	printf("secret: %s\n", open(argv[2], O_RDONLY) >= 0 ? "read" : "refused");
	return 0;
}
