/* exec_request.h: execve's part every init host shares, the kernel's
 * side of it (LAMINA_OP_EXEC). */
#include <asm/errno.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "exec_request.h"
#include "fd_limit.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "route.h"
#include "state.h"
#include "util.h"

/* The items a list of strings takes, read as the guest's memory allows: -EFAULT when it does not. */
static long strings_size(char *const list[], long *count)
{
	long size = 0;
	*count = 0;
	for (; list; (*count)++) {
		const char *s;
		if (guest_copy(&s, &list[*count], sizeof s)) return -EFAULT;
		if (!s) break;
		long n = guest_strlen(s);
		if (n < 0) return n;
		size += call_item_size((uint32_t)n + 1);
	}
	return size;
}

long exec_request(const char *path, char *const argv[], char *const envp[], uint64_t *old)
{
	long argc, envc, path_len = guest_strlen(path), argv_size = strings_size(argv, &argc), envp_size = strings_size(envp, &envc);
	if (path_len < 0 || argv_size < 0 || envp_size < 0) return -EFAULT;
	uint32_t size = call_item_size((uint32_t)path_len + 1) + (uint32_t)(argv_size + envp_size);
	long args[6] = { 0, argc, envc, 0, 0, 0 };
	signals_block_all(old);
	/* The new init host asks for its plan on a channel of its own: the main
	 * one may still owe the main thread the answer to a call it was making
	 * when an exec from another thread ended it, which the new init host
	 * would read as the plan's. */
	int sv[2];
	fd_limit_lift();
	long r = host_syscall4(__NR_socketpair, LX_AF_UNIX, LX_SOCK_STREAM | LX_SOCK_CLOEXEC, 0, sv);
	fd_limit_drop();
	if (r) {
		signals_restore(old);
		return r;
	}
	struct thread_state *t = thread_current();
	struct call *c = &t->call;
	struct lamina_reply reply;
	call_begin(c, t->channel, LAMINA_OP_EXEC, args, size);
	call_attach(c, sv[1]);
	call_item(c, path, (uint32_t)str_len(path) + 1);
	for (long i = 0; i < argc; i++) call_item(c, argv[i], (uint32_t)str_len(argv[i]) + 1);
	for (long i = 0; i < envc; i++) call_item(c, envp[i], (uint32_t)str_len(envp[i]) + 1);
	r = call_finish(c, &reply, 0);
	host_syscall1(__NR_close, sv[1]);
	if (!r) r = reply.ret;
	if (r < 0) {
		host_syscall1(__NR_close, sv[0]);
		signals_restore(old);
		return r;
	}
	/* 1: the kernel sent the plan on the new channel already (ProcessSyscalls.execve). */
	int planned = r == 1;
	/* The kernel now holds the new program's plan: start afresh, the new
	 * channel in place of this thread's (a number no other thread uses),
	 * open across the exec. */
	fd_limit_lift(); /* the channel's number may lie above a guest's lowered limit (EBADF) */
	long moved = host_syscall3(__NR_dup3, sv[0], t->channel, 0);
	fd_limit_drop();
	host_syscall1(__NR_close, sv[0]);
	if (moved != t->channel) {
		print_error("lamina: cannot give the new init host its channel", 0);
		host_exit(127);
	}
	return planned;
}
