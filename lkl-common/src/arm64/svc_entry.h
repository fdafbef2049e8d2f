/* The Apple-Silicon rules' way into the host from guest code (rewrite.h),
 * the same for both init hosts (svc_entry.S): a rewritten svc's stub calls
 * darwin_svc_entry, which saves the guest's registers, moves to the
 * thread's svc stack and calls the host's darwin_svc(regs). It finds the
 * thread's state through the host's thread register: tpidr_el0 itself on
 * Linux (the host owns it under the rules); on Darwin, a thread-specific
 * data slot (darwin_state_slot) of the block TPIDRRO_EL0 points at. */
#ifndef ARM64_SVC_ENTRY_H
#define ARM64_SVC_ENTRY_H

/* The registers darwin_svc_entry saves, in longs: x0-x30 as at the svc,
 * then the new stack pointer a clone's child gets, the guest's stack
 * pointer, and where the stub goes on. */
#define DARWIN_SVC_REGS 34
#define DARWIN_SVC_NEW_SP 31
#define DARWIN_SVC_GUEST_SP 32
#define DARWIN_SVC_STUB 33
/* The host stack a rewritten svc runs on, per thread. */
#define DARWIN_SVC_STACK 0x10000
/* Where the thread state keeps the current start of that stack (the top,
 * or below a call a signal interrupted). */
#define DARWIN_SVC_STACK_AT 8

#ifndef __ASSEMBLER__
#include <stdint.h>
/* svc_entry.S */
void darwin_svc_entry(void);
/* Where a thread a rewritten svc's clone made starts: on a stack of the
 * host's, with a copy of its parent's registers (regs, as saved). */
int darwin_clone_child(void *regs);
/* Starts the guest at entry with its stack pointer sp, every other
 * register zero (the psABI's: x0 = 0, no function for atexit). */
_Noreturn void host_enter_guest(uint64_t entry, uint64_t sp);
/* The host's: serves the call whose registers darwin_svc_entry saved at
 * regs, returning its result (x0). */
long darwin_svc(const long *regs);
#ifdef __APPLE__
/* The offset of the state's slot from Darwin's thread block (thread.c). */
extern long darwin_state_slot;
#endif
#endif

#endif
