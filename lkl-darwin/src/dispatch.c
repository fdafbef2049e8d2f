/* The Darwin host's part of the dispatcher (lkl-common/src/dispatcher.c):
 * of the calls the Linux init host answers itself (processes, threads,
 * ports, identities: lkl-linux/src/dispatch.c) it has only the thread id
 * yet; on arm64 the guest's memory calls follow the Apple-Silicon rules
 * (darwin_maps.h); every other call the kernel does not serve goes to the
 * translation layer. */
#include <linux/mman.h>
#include "dispatcher.h"
#include "host_syscall.h"
#include "state.h"
#if defined(__aarch64__)
#include "darwin_maps.h"
#endif

long dispatch_answer(long nr, long args[6])
{
	(void)args;
	if (nr == __NR_gettid) return thread_current()->tid;
	return DISPATCH_PASS;
}

long dispatch_local(long nr, long args[6])
{
#if defined(__aarch64__)
	/* Executable memory is a rewritten anonymous copy, never writable at once. */
	if (nr == __NR_mmap && (args[2] & PROT_EXEC)) return darwin_map_copy(args[0], args[1], args[2], args[3], args[4], args[5]);
	if (nr == __NR_mprotect) return darwin_mprotect(args[0], args[1], args[2]);
	if (nr == __NR_munmap) return darwin_munmap(args[0], args[1]);
#endif
	return host_syscall6(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

/* musl+'s entry: nothing to note about the caller here. */
long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return dispatch_syscall(nr, a1, a2, a3, a4, a5, a6);
}
