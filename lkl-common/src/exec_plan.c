/* exec_plan.h: the plan's wire format read, and the program it names loaded. */
#include <asm/errno.h>
#include <linux/auxvec.h>
#include <linux/mman.h>
#include "exec_plan.h"
#include "host_syscall.h"
#include "util.h"

#define HEADER_READ_MAX (64 * 1024)

_Noreturn void exec_fail(const char *what, const char *why)
{
	print_error("lamina: ", what, ": ", why, 0);
	host_exit(126);
}

static void *alloc(size_t size)
{
	long m = host_syscall6(__NR_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host_is_error(m)) exec_fail("init", "out of memory");
	return (void *)m;
}

/* The plan's next item, which must be size bytes long (none when size is 0). */
static const char *plan_item(char **at, const char *end, uint32_t size)
{
	if (!size) return 0;
	uint32_t len;
	if (end - *at < 4) exec_fail("init", "malformed plan");
	memcpy(&len, *at, 4);
	if (len != size || (uint32_t)(end - *at - 4) < len) exec_fail("init", "malformed plan");
	const char *item = *at + 4;
	*at += 4 + len;
	return item;
}

void exec_plan_receive(struct call *c, struct exec_plan *p, int sent)
{
	struct lamina_reply reply;
	call_begin(c, LAMINA_CHANNEL_FD, LAMINA_OP_EXEC_PLAN, 0, 0);
	int fds[2];
	long r = sent ? reply_receive(c, &reply, fds, 2) : call_finish_fds(c, &reply, fds, 2);
	p->program_fd = fds[0];
	p->interp_fd = fds[1];
	/* A host started ahead of need whose kernel went away: nothing to say. */
	if (r == -EPIPE || r == -ECONNRESET) host_exit(125);
	if (r) exec_fail("init", "no answer from the Lamina kernel");
	if (reply.ret < 0 || reply.size < 4 + sizeof p->fixed) exec_fail("init", "the kernel has no program for this process");
	char *buf = alloc(reply.size + 1);
	if (reply_read(c, buf, reply.size)) exec_fail("init", "the plan was cut short");
	/* Items: u32 length, then bytes. The fixed part first, then AT_EXECFN,
	 * argv and envp, each string with its NUL. */
	char *at = buf, *end = buf + reply.size;
	uint32_t len;
	memcpy(&len, at, 4);
	if (len != sizeof p->fixed) exec_fail("init", "malformed plan");
	memcpy(&p->fixed, at + 4, sizeof p->fixed);
	at += 4 + sizeof p->fixed;
	uint32_t n = p->fixed.argc + p->fixed.envc + 1;
	char **strings = alloc((n + 2) * sizeof(char *));
	for (uint32_t i = 0; i < n; i++) {
		if (end - at < 4) exec_fail("init", "malformed plan");
		memcpy(&len, at, 4);
		at += 4;
		if (len == 0 || (uint32_t)(end - at) < len || at[len - 1]) exec_fail("init", "malformed plan");
		strings[i + (i > p->fixed.argc ? 1 : 0)] = at;
		at += len;
	}
	p->execfn = strings[0];
	p->argv = strings + 1;
	p->argv[p->fixed.argc] = 0;
	p->envp = strings + p->fixed.argc + 2;
	p->envp[p->fixed.envc] = 0;
	p->ports = (const unsigned char *)plan_item(&at, end, 2 * ((uint32_t)p->fixed.nbind + p->fixed.nconnect));
	p->rlimits = (const unsigned char *)plan_item(&at, end, (uint32_t)p->fixed.nrlimit * sizeof(struct lamina_rlimit));
	if (p->program_fd < 0) exec_fail(p->execfn, "the kernel sent no program file");
}

void exec_check(const char *name, int fd, struct elf_info *info)
{
	static uint8_t buf[HEADER_READ_MAX];
	long n = elf_read_headers(fd, buf, sizeof buf);
	if (n < 0) exec_fail(name, "cannot read the program");
	char err[ELF_ERROR_MAX];
	if (elf_check(buf, (size_t)n, info, err)) exec_fail(name, err);
}

void exec_load(const char *name, int fd, struct elf_info *info, struct elf_image *image)
{
	char err[ELF_ERROR_MAX];
	if (elf_map(fd, info, image, err)) exec_fail(name, err);
}

void exec_report_args(struct call *c, uint64_t guest_sp, int addresses)
{
	uint64_t argc = *(uint64_t *)guest_sp;
	char **argv = (char **)(guest_sp + 8), **envp = argv + argc + 1, **e = envp;
	while (*e) e++;
	const uint64_t *auxv = (const uint64_t *)(e + 1), *end = auxv;
	while (end[0] != AT_NULL) end += 2;
	uint32_t auxv_len = (uint32_t)((end + 2 - auxv) * sizeof *auxv);
	long args[6] = {0};
	if (addresses && argc) {
		char *arg_end = argv[argc - 1] + str_len(argv[argc - 1]) + 1, *env_end = arg_end;
		for (e = envp; *e; e++) env_end = *e + str_len(*e) + 1;
		args[0] = (long)argv[0];
		args[1] = (long)arg_end;
		args[2] = (long)env_end;
	}
	call_begin(c, LAMINA_CHANNEL_FD, LAMINA_OP_ARGS | LAMINA_OP_POSTED, args, call_item_size(auxv_len));
	call_item(c, auxv, auxv_len);
	call_post(c);
}
