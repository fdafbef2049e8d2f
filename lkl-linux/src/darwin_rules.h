/* The Apple-Silicon rules lkl-darwin must follow on a Mac, exercised by
 * the Linux init host for aarch64 guests (LAMINA_PLAN_DARWIN_RULES):
 * arch/aarch64/darwin_rules.c. */
#ifndef DARWIN_RULES_H
#define DARWIN_RULES_H

#include <stdint.h>
#include "arch.h"

#if HAS_DARWIN_RULES
/* Set once the plan asks for the rules: from then on for the whole process. */
extern int darwin_rules;
void darwin_rules_enable(void);
/* mmap and mprotect of guest memory under the rules: executable memory is
 * an anonymous rewritten copy, never writable at the same time. */
long darwin_mmap(long addr, long len, long prot, long flags, long fd, long off);
long darwin_mprotect(long addr, long len, long prot);
long darwin_munmap(long addr, long len);
/* The registers darwin_svc_entry saves (x0-x30 as at the svc, then the new
 * stack pointer a clone's child gets, the guest's stack pointer, and where
 * the stub goes on), and where a child made by a rewritten svc's clone
 * starts (start.S). */
#define DARWIN_SVC_REGS 34
#define DARWIN_SVC_NEW_SP 31
#define DARWIN_SVC_GUEST_SP 32
#define DARWIN_SVC_STUB 33
/* The host stack a rewritten svc runs on, per thread. */
#define DARWIN_SVC_STACK (64 * 1024)
int darwin_clone_child(void *regs);
/* The loader's mappings: every one a copy, so that a 16 KiB page the file
 * ends in is zeros after its end (on 4 KiB host pages a file mapping would
 * fault there). */
long darwin_map_copy(long addr, long len, long prot, long flags, long fd, long off);
/* Around a guest handler run for a signal whose frame is uc: the svc
 * stack's part the interrupted host is using, if any, kept from the
 * handler's own calls (state.h, svc_top). */
struct thread_state;
uint64_t darwin_handler_enter(struct thread_state *t, const void *uc);
void darwin_handler_leave(struct thread_state *t, uint64_t entered);
#else
enum { darwin_rules = 0 };
struct thread_state;
static inline uint64_t darwin_handler_enter(struct thread_state *t, const void *uc) { (void)t; (void)uc; return 0; }
static inline void darwin_handler_leave(struct thread_state *t, uint64_t entered) { (void)t; (void)entered; }
#endif

#endif
