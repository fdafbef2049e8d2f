/* The Darwin host's side of lkl-common/src/dispatcher.h: a Linux call (the
 * guest architecture's numbers, from Linux's uapi headers) done by the
 * Darwin host layer (darwin_host.c). */
#ifndef HOST_SYSCALL_H
#define HOST_SYSCALL_H

#include <asm/unistd.h>

long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);

/* Inside a spin-wait. */
static inline void host_cpu_relax(void)
{
#if defined(__aarch64__)
	__asm__ __volatile__("yield");
#else
	__builtin_ia32_pause();
#endif
}

#include "host_call.h"

#endif
