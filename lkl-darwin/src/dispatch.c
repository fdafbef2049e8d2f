/* The Darwin host's part of the dispatcher (lkl-common/src/dispatcher.c):
 * of the calls the Linux init host answers itself (processes, threads,
 * ports, identities: lkl-linux/src/dispatch.c) it has only the thread id
 * a thread's exit and set_tid_address (thread.c), fork, wait4 and waitid
 * (process.h, children.h) and the descriptor limit (fd_limit.h) yet, on arm64 signal actions and
 * alternate stacks (signals.h) and the signals a process sends itself and
 * its own threads (raise.h), on x86-64 the thread pointer
 * (thread_pointer.h); on arm64 the guest's memory calls follow the
 * Apple-Silicon rules (darwin_maps.h); every other call the kernel does
 * not serve goes to the translation layer. */
#include <linux/mman.h>
#include <linux/resource.h>
#include <lamina/linux_abi.h>
#include "children.h"
#include "clone_args.h"
#include "dispatcher.h"
#include "fd_limit.h"
#include "host_syscall.h"
#include "process.h"
#include "state.h"
#include "thread.h"
#if defined(__aarch64__)
#include "darwin_maps.h"
#include "raise.h"
#include "signals.h"
#include "svc_entry.h"
#else
#include "thread_pointer.h"
#endif

long dispatch_answer(long nr, long args[6])
{
	struct thread_state *t = thread_current();
	if (nr == __NR_gettid) return t->tid;
	if (nr == __NR_exit) darwin_thread_exit(args[0]);
	/* processes (process.h; children.h) */
#ifdef __NR_fork
	if (nr == __NR_fork) return darwin_fork(LX_SIGCHLD, 0, 0, 0);
#endif
	if (nr == __NR_clone) return darwin_fork(args[0], (void *)args[1], (int *)args[2], (int *)args[CLONE_CTID_ARG]);
	if (nr == __NR_execve) return darwin_execve((const char *)args[0], (char *const *)args[1], (char *const *)args[2]);
	if (nr == __NR_wait4) return process_wait4((int)args[0], (int *)args[1], args[2], (void *)args[3]);
	if (nr == __NR_waitid) return process_waitid(args[0], (int)args[1], (void *)args[2], args[3], (void *)args[4]);
	if (nr == __NR_set_tid_address) return darwin_set_tid_address((int *)args[0]);
	/* The descriptor limit keeps room for the init host's own (fd_limit.h). */
	if (nr == __NR_prlimit64 && args[0] == 0 && args[1] == RLIMIT_NOFILE)
		return fd_limit_prlimit((const struct rlimit64 *)args[2], (struct rlimit64 *)args[3]);
#ifdef __NR_getrlimit
	if (nr == __NR_getrlimit && args[0] == RLIMIT_NOFILE) return fd_limit_prlimit(0, (struct rlimit64 *)args[1]);
	if (nr == __NR_setrlimit && args[0] == RLIMIT_NOFILE) return fd_limit_prlimit((const struct rlimit64 *)args[1], 0);
#endif
#if defined(__aarch64__)
	/* Signals to this process and its own threads are the host's to send (raise.h). */
	if (nr == __NR_kill) return darwin_kill_own(args[0], args[1]);
	if (nr == __NR_tkill) return darwin_tgkill_own(0, args[0], args[1], 1);
	if (nr == __NR_tgkill) return darwin_tgkill_own(args[0], args[1], args[2], 0);
	if (nr == __NR_rt_sigqueueinfo) return darwin_sigqueueinfo_own(args[0], args[1], (const void *)args[2]);
	if (nr == __NR_rt_tgsigqueueinfo) return darwin_tgsigqueueinfo_own(args[0], args[1], args[2], (const void *)args[3]);
	if (nr == __NR_rt_sigpending) return darwin_rt_sigpending((void *)args[0], args[1]);
	if (nr == __NR_rt_sigsuspend) return darwin_rt_sigsuspend((const void *)args[0], args[1]);
	if (nr == __NR_rt_sigtimedwait)
		return darwin_rt_sigtimedwait((const void *)args[0], (void *)args[1], (const void *)args[2], args[3]);
	/* Actions and alternate stacks are the host's to keep (signals.h). */
	if (nr == __NR_rt_sigaction) return darwin_rt_sigaction(args[0], (const void *)args[1], (void *)args[2], args[3]);
	if (nr == __NR_sigaltstack)
		return darwin_sigaltstack((const void *)args[0], (void *)args[1],
		                          t->svc_regs ? (uint64_t)t->svc_regs[DARWIN_SVC_GUEST_SP] : (uint64_t)__builtin_frame_address(0));
#else
	/* %fs through an LDT entry */
	if (nr == __NR_arch_prctl) return darwin_arch_prctl(args[0], args[1]);
#endif
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

/* musl+'s entry (and a rewritten svc's): the thread is in the host until
 * it returns (state.h, in_host). */
long guest_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	struct thread_state *t = thread_current();
	t->in_host++;
	long r = dispatch_syscall(nr, a1, a2, a3, a4, a5, a6);
	t->in_host--;
	return r;
}
