/* The dispatcher's order of decisions, the same on every host: a call that
 * names one of the init host's own descriptors is refused; then the host's
 * own answers; then what lkl-common/syscalls.tbl routes goes to the kernel;
 * the rest runs on the host. */
#include <asm/errno.h>
#include "dispatcher.h"
#include "route.h"

/* Arguments arrive as the registers held them: an int argument (a pid, a
 * fd) may have garbage or zeros above bit 31, so each use narrows it. */
long dispatch_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long args[6] = { a1, a2, a3, a4, a5, a6 };
	if (fd_args_reserved(nr, args)) return -EBADF;
	long r = dispatch_answer(nr, args);
	if (r != DISPATCH_PASS) return r;
	if ((unsigned long)nr < ROUTE_TABLE_SIZE && route_table[nr].routed)
		return route_call(nr, args);
	return dispatch_local(nr, args);
}

const struct lamina_host_abi host_abi = {
	.version = LAMINA_HOST_ABI_VERSION,
	.syscall = guest_syscall,
	.clone = thread_clone,
	.unmapself = thread_unmapself,
	.vfork = guest_vfork,
};
