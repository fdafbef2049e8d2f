/* The guest's thread pointer on an Intel Mac (thread_pointer.c). */
#ifndef THREAD_POINTER_H
#define THREAD_POINTER_H

#include <stdint.h>

/* arch_prctl: ARCH_SET_FS and ARCH_GET_FS for the calling thread. */
long darwin_arch_prctl(long code, long addr);
struct thread_state;
/* A new thread's pointer: its LDT entry written by the thread that makes
 * it (0 or a Linux error: the clone fails with it), then loaded in %fs by
 * the thread itself. */
long darwin_thread_pointer_prepare(struct thread_state *t, uint64_t base);
void darwin_thread_pointer_load(const struct thread_state *t);
/* A thread's end: its LDT entry given back (made empty, which XNU's
 * automatic allocation takes again). */
void darwin_thread_pointer_release(struct thread_state *t);

#endif
