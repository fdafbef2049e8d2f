/* The init host's own system calls: the only syscall instructions in a
 * Lamina process on Linux. Numbers come from Linux's <asm/unistd.h>. */
#ifndef HOST_SYSCALL_H
#define HOST_SYSCALL_H

#include <asm/unistd.h>

static inline long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	unsigned long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2), "d"(a3),
	                     "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return (long)ret;
}

/* Inside a spin-wait. */
static inline void host_cpu_relax(void) { __builtin_ia32_pause(); }

#include "host_call.h"

#endif
