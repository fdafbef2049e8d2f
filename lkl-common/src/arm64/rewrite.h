/* The Apple-Silicon rules for guest aarch64 code (issue 14): on macOS the
 * guest may neither own tpidr_el0 (the host's) nor make a system call of
 * its own, and code is never writable and executable at once. So every
 * executable page the guest gets is a rewritten copy: each `svc` becomes a
 * branch to a stub that calls the host's entry (the dispatcher), each
 * `mrs`/`msr tpidr_el0` a branch to a stub that reads or writes the guest's
 * thread pointer in a slot of the host's per-thread block, found through
 * the host's own thread register. Pure functions over words: the Linux
 * init host's --darwin-rules mode runs them, lkl-darwin will, and the tests
 * run them on real binaries. */
#ifndef ARM64_REWRITE_H
#define ARM64_REWRITE_H


/* The instructions rewritten (any register; svc with any immediate). */
#define ARM64_SVC 0xd4000001u
#define ARM64_SVC_MASK 0xffe0001fu
#define ARM64_MRS_TPIDR_EL0 0xd53bd040u /* | Rt */
#define ARM64_MSR_TPIDR_EL0 0xd51bd040u /* | Rt */
#define ARM64_MRS_TPIDRRO_EL0 0xd53bd060u /* | Rt */
/* `and x0, x0, #~7` (| Rn << 5 | Rd): Darwin's TPIDRRO_EL0 may carry the
 * CPU's number in its low bits (Go's runtime masks them too). */
#define ARM64_AND_LOW3 0x927df000u
#define ARM64_RT_MASK 0xffffffe0u

/* Stub words per site, at most (8-byte aligned, for svc's literal). */
#define ARM64_STUB_WORDS 10
/* Where in an svc's stub a thread its clone made goes on, with x16
 * pointing at the pair (x16, x30) it must have: the host comes back from
 * the call at stub + 12, so this is that + 8. Linux leaves the new thread's
 * stack untouched (Go's child reads what its parent put there), so the
 * child cannot pop them from it as the parent does. */
#define ARM64_SVC_CHILD_ENTRY 20
/* What an svc's stub takes of the guest's stack (it keeps the 64 bytes
 * just below the stack pointer as they are, as svc does). */
#define ARM64_SVC_STACK_USE 80
/* The furthest a B instruction reaches, either way. */
#define ARM64_BRANCH_RANGE (128ul << 20)

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct arm64_rules {
	uint64_t svc_entry;    /* the host's entry for a rewritten svc (x8: nr, x0-x5: args) */
	uint32_t host_tp_mrs;  /* `mrs x0, REG` of the host's thread register (ARM64_MRS_*) */
	uint32_t host_tp_and;  /* `and x0, x0, #MASK` the register's value needs first (ARM64_AND_LOW3), or 0 */
	uint32_t tp_slot;      /* the guest thread pointer's offset in the host's block, a multiple of 8 below 32 KiB */
};

enum arm64_site { ARM64_NOT_A_SITE, ARM64_SITE_SVC, ARM64_SITE_MRS_TP, ARM64_SITE_MSR_TP };

/* What the word at hand is. */
enum arm64_site arm64_site(uint32_t insn);

/* How many sites n words of code hold. */
size_t arm64_count_sites(const uint32_t *code, size_t n);

/* Rewrites n words of code in place (run-time address code_at); the stubs
 * go to stubs (run-time address stubs_at, room for cap words, 8-aligned).
 * Returns the stub words used, or -1 if the stubs do not fit or are out of
 * a branch's reach. */
long arm64_rewrite(uint32_t *code, size_t n, uint64_t code_at, uint32_t *stubs, size_t cap, uint64_t stubs_at,
                   const struct arm64_rules *rules);
#endif

#endif
