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

#define host_syscall0(n) host_syscall6(n, 0, 0, 0, 0, 0, 0)
#define host_syscall1(n, a) host_syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define host_syscall2(n, a, b) host_syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define host_syscall3(n, a, b, c) host_syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host_syscall4(n, a, b, c, d) host_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host_syscall5(n, a, b, c, d, e) \
	host_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static inline int host_is_error(long r) { return r < 0 && r > -4096; }

#endif
