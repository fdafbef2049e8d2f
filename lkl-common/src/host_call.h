/* The shorter forms of a host's host_syscall6 (see dispatcher.h). */
#ifndef HOST_CALL_H
#define HOST_CALL_H

#define host_syscall0(n) host_syscall6(n, 0, 0, 0, 0, 0, 0)
#define host_syscall1(n, a) host_syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define host_syscall2(n, a, b) host_syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define host_syscall3(n, a, b, c) host_syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host_syscall4(n, a, b, c, d) host_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host_syscall5(n, a, b, c, d, e) \
	host_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static inline int host_is_error(long r) { return r < 0 && r > -4096; }

#endif
