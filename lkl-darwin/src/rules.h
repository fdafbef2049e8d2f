/* The Apple-Silicon rules on a Mac (arm64/rules.c): guest code runs only
 * as rewritten anonymous copies (lkl-common/src/arm64), its thread pointer
 * in a slot of Darwin's thread block and its svc a call of the host. An
 * Intel Mac has none of them. */
#ifndef RULES_H
#define RULES_H

#include <stdint.h>

struct thread_state;

#if defined(__aarch64__)
/* Before any thread is bound: the slots, the rules, the W^X fault
 * handler. 0, or -1 when Darwin's thread block is not as expected. */
int darwin_rules_start(void);
/* A new thread's svc stack and host alternate stack, mapped by the thread
 * that makes it: 0, or -LINUX_ENOMEM. */
int darwin_rules_prepare(struct thread_state *t);
/* thread_bind's part: the slot svc_entry.S finds t by, and t's stacks (the
 * first thread maps its own). */
void darwin_rules_bind(struct thread_state *t);
/* A thread's end, or a clone that failed: its stacks given back (and, for
 * the calling thread, its slot cleared). */
void darwin_rules_unbind(struct thread_state *t);
/* The calling thread's guest thread pointer (the slot rewritten
 * `mrs`/`msr tpidr_el0` use), read and set. */
uint64_t darwin_guest_tp(void);
void darwin_set_guest_tp(uint64_t tp);
#endif

#endif
