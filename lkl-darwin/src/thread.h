/* Guest threads on Darwin (thread.c): how a thread made by a clone runs and ends. */
#ifndef THREAD_H
#define THREAD_H

/* The guest's exit of the calling thread (Linux's exit, not exit_group):
 * a thread clone's ends on its own Darwin stack; the first thread's lets
 * the process go on while others run. */
_Noreturn void darwin_thread_exit(long code);

/* Around a fork: the list of threads held, so the child finds it free. */
void thread_fork_hold(int hold);
/* In a fork's child: self, the forking thread, is its only thread, and
 * has no channel until it takes its own (the parent's are closed, and
 * every other marked number but keep). */
struct thread_state;
void thread_forked(struct thread_state *self, int keep);

/* A rewritten svc's clone of a thread (arm64/rules.c): the thread goes on
 * from the parent's registers, regs as darwin_svc_entry saved them. */
long thread_clone_regs(long flags, void *stack, int *ptid, void *tls, int *ctid, const long *regs);

/* set_tid_address: the calling thread's word to zero and wake when it ends; its tid. */
long darwin_set_tid_address(int *word);

#endif
