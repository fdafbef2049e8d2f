/* The Apple-Silicon rules lkl-darwin must follow on a Mac, exercised by
 * the Linux init host for aarch64 guests (LAMINA_PLAN_DARWIN_RULES):
 * arch/aarch64/darwin_rules.c. */
#ifndef DARWIN_RULES_H
#define DARWIN_RULES_H

#include <stdint.h>
#include "arch.h"

#if HAS_DARWIN_RULES
#include "darwin_maps.h"
#include "svc_entry.h"
/* Set once the plan asks for the rules: from then on for the whole process. */
extern int darwin_rules;
void darwin_rules_enable(void);
/* mmap of guest memory under the rules: executable memory through
 * darwin_map_copy, the rest placed as with 16 KiB pages. */
long darwin_mmap(long addr, long len, long prot, long flags, long fd, long off);
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
