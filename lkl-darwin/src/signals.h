/* The guest's signal handlers on an arm64 Mac (arm64/signals.c): the
 * host keeps each signal's Linux action and delivers a signal to a guest
 * handler as Linux does, with a Linux frame (siginfo, ucontext and its
 * FP/SIMD record, xlat_frame.c) on the guest's stack or its alternate
 * stack; the handler's rt_sigreturn ends the delivery and its registers
 * become the thread's. */
#ifndef SIGNALS_H
#define SIGNALS_H

#include <stdint.h>

/* rt_sigaction and sigaltstack as Linux serves them (Linux values). */
long darwin_rt_sigaction(long sig, const void *act, void *old, long size);
long darwin_sigaltstack(const void *ss, void *old, uint64_t sp);
/* A Darwin signal the guest handles, delivered: 1, or 0 when the guest
 * has no handler for it (a fault then ends the process). */
int darwin_signal_deliver(int dsig, void *info, void *context);
/* The same for a signal already in Linux's terms: a Darwin one's (dsig)
 * or, dsig 0, one the host kept pending itself (raise.h). */
struct lx_siginfo;
int darwin_deliver_linux(int dsig, const struct lx_siginfo *info, void *context);
/* The guest's handler for sig: 0 for SIG_DFL, 1 for SIG_IGN. */
uintptr_t darwin_signal_handler(int sig);
/* Whether a call sig's delivery interrupts is made again after it: no
 * guest handler, or one with SA_RESTART. */
int darwin_signal_restarts(int sig);
/* The signals the guest ignores, which an exec keeps ignored, as Linux
 * does (the rest of its actions are the old program's): told to the new
 * init host, which takes them before the guest starts. */
uint64_t darwin_signals_ignored(void);
void darwin_signals_inherit(uint64_t ignored);
/* rt_sigtimedwait's (raise.c): whether info's signal is one the thread
 * waits for, taken then; and around the wait, the host's handler for the
 * waited signals the guest has none for, so that they come to be taken
 * rather than acted on (on 0: their dispositions back). */
struct thread_state;
int darwin_signal_waited(struct thread_state *t, const struct lx_siginfo *info);
void darwin_signals_await(uint64_t wanted, int on);
/* Around a fork: the actions held, so the child finds them free. */
void darwin_signals_fork_hold(int hold);
/* rt_sigreturn of the frame at sp: the delivery it ends goes on; a frame
 * no delivery made ends the process with SIGSEGV, as Linux's bad frame. */
_Noreturn void darwin_sigreturn(uint64_t sp);
/* Before a rewritten svc made with the guest's stack pointer at sp: the
 * deliveries whose handlers were left by longjmp are forgotten, and the
 * svc stack they lowered is whole again. */
void darwin_deliveries_left(uint64_t sp);

#endif
