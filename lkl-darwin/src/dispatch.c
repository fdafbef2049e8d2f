/* The Darwin host's part of the dispatcher (lkl-common/src/dispatcher.c):
 * of the calls the Linux init host answers itself (processes, threads,
 * ports, identities: lkl-linux/src/dispatch.c) it has only the thread id
 * yet; every call the kernel does not serve goes to the translation layer. */
#include "dispatcher.h"
#include "host_syscall.h"
#include "state.h"

long dispatch_answer(long nr, long args[6])
{
	(void)args;
	if (nr == __NR_gettid) return thread_current()->tid;
	return DISPATCH_PASS;
}

long dispatch_local(long nr, long args[6])
{
	return host_syscall6(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

/* musl+'s entry: nothing to note about the caller here. */
long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return dispatch_syscall(nr, a1, a2, a3, a4, a5, a6);
}
