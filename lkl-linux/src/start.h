/* The entry points written in assembly (arch/ARCH/start.S). */
#ifndef LAMINA_START_H
#define LAMINA_START_H
#include <stdint.h>
/* host_enter_guest, shared with lkl-darwin */
#if defined(__x86_64__)
#include "x86_64/enter_guest.h"
#else
#include "arm64/svc_entry.h"
#endif

struct thread_block;

/* sa_restorer of every handler the host installs: rt_sigreturn from inside
 * the init host's code, which Syscall User Dispatch lets through. */
void host_sigreturn(void);
/* Sets the stack pointer to frame, a ucontext, and makes rt_sigreturn: what it holds is restored. */
int host_resume_frame(void *frame);
/* A vfork-style clone: the child runs fn(arg) on stack, then exits with its result. */
long host_spawn_clone(long flags, void *stack, int (*fn)(void *), void *arg);
long host_clone_thread(long flags, void *stack, int *ctid, void *tls,
                       struct thread_block *b, int (*fn)(void *), void *arg);
_Noreturn void host_exit_thread_on(void *stack_top, void *unmap_base, unsigned long unmap_size,
                                   volatile int *free_flag);

#endif
