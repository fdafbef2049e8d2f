/* The guest's thread pointer on an Intel Mac (thread_pointer.c). */
#ifndef THREAD_POINTER_H
#define THREAD_POINTER_H

/* arch_prctl: ARCH_SET_FS and ARCH_GET_FS for the calling thread. */
long darwin_arch_prctl(long code, long addr);
/* A thread's end: its LDT entry given back (made empty, which XNU's
 * automatic allocation takes again). */
struct thread_state;
void darwin_thread_pointer_release(struct thread_state *t);

#endif
