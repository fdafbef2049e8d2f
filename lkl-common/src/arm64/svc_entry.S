/* The aarch64 entries both init hosts share (svc_entry.h). Built for
 * Linux (ELF) and for Darwin (Mach-O: C names take an underscore). */
#include "rewrite.h"
#include "svc_entry.h"
#include "asm_symbol.h"

/* reg = the calling thread's state; tmp is overwritten. */
.macro LOAD_STATE reg, tmp
#ifdef __APPLE__
	adrp \tmp, _darwin_state_slot@PAGE
	ldr \tmp, [\tmp, _darwin_state_slot@PAGEOFF]
	mrs \reg, tpidrro_el0
	and \reg, \reg, #0xfffffffffffffff8
	ldr \reg, [\reg, \tmp]
#else
	mrs \reg, tpidr_el0
#endif
.endm

	.text
	.p2align 2

/* host_enter_guest(entry, sp) */
	.global SYM(host_enter_guest)
SYM(host_enter_guest):
	mov sp,x1
	mov x16,x0
	mov x0,#0
	mov x1,#0
	mov x2,#0
	mov x3,#0
	mov x4,#0
	mov x5,#0
	mov x6,#0
	mov x7,#0
	mov x8,#0
	mov x9,#0
	mov x10,#0
	mov x11,#0
	mov x12,#0
	mov x13,#0
	mov x14,#0
	mov x15,#0
	mov x17,#0
	mov x18,#0
	mov x19,#0
	mov x20,#0
	mov x21,#0
	mov x22,#0
	mov x23,#0
	mov x24,#0
	mov x25,#0
	mov x26,#0
	mov x27,#0
	mov x28,#0
	mov x29,#0
	mov x30,#0
	br x16

/* darwin_svc_entry: a rewritten svc's stub calls it (x8: nr, x0-x5:
 * arguments), having pushed x16 and x30 on the guest's stack, 64 bytes
 * below its stack pointer (rewrite.h). Like svc it changes only x0, and it
 * takes 16 more bytes of the guest's stack: the
 * host runs on the thread's svc stack (a goroutine's has no room), from
 * where the state's svc stack start says (the top, or below a call a
 * signal interrupted, whose handler's call this is), unless it is on it
 * already (a guest handler's call during one, run on that stack). The
 * registers are saved as darwin_svc reads them (svc_entry.h). */
	.global SYM(darwin_svc_entry)
SYM(darwin_svc_entry):
	str x17,[sp,#-16]!
	LOAD_STATE x16, x17
	ldr x16,[x16,#DARWIN_SVC_STACK_AT]
	sub x17,x16,#DARWIN_SVC_STACK
	cmp sp,x17
	b.lo 1f
	cmp sp,x16
	b.hs 1f
	mov x16,sp
1:	sub x16,x16,#(DARWIN_SVC_REGS * 8)
	mov x17,sp
	mov sp,x16
	stp x0,x1,[sp,#0]
	stp x2,x3,[sp,#16]
	stp x4,x5,[sp,#32]
	stp x6,x7,[sp,#48]
	stp x8,x9,[sp,#64]
	stp x10,x11,[sp,#80]
	stp x12,x13,[sp,#96]
	stp x14,x15,[sp,#112]
	stp x18,x19,[sp,#144]
	stp x20,x21,[sp,#160]
	stp x22,x23,[sp,#176]
	stp x24,x25,[sp,#192]
	stp x26,x27,[sp,#208]
	stp x28,x29,[sp,#224]
	str x17,[sp,#(DARWIN_SVC_GUEST_SP * 8)]
	str x30,[sp,#(DARWIN_SVC_STUB * 8)]
	ldr x0,[x17]
	ldp x1,x2,[x17,#16]
	str x0,[sp,#136]
	str x1,[sp,#128]
	str x2,[sp,#240]
	mov x0,sp
	bl SYM(darwin_svc)
	ldr x1,[sp,#8]
	ldp x2,x3,[sp,#16]
	ldp x4,x5,[sp,#32]
	ldp x6,x7,[sp,#48]
	ldp x8,x9,[sp,#64]
	ldp x10,x11,[sp,#80]
	ldp x12,x13,[sp,#96]
	ldp x14,x15,[sp,#112]
	ldp x18,x19,[sp,#144]
	ldp x20,x21,[sp,#160]
	ldp x22,x23,[sp,#176]
	ldp x24,x25,[sp,#192]
	ldp x26,x27,[sp,#208]
	ldp x28,x29,[sp,#224]
	ldr x30,[sp,#(DARWIN_SVC_STUB * 8)]
	ldr x16,[sp,#(DARWIN_SVC_GUEST_SP * 8)]
	mov sp,x16
	ldr x17,[sp],#16
	ret

/* darwin_clone_child(regs): it goes on from the svc's stub as the parent
 * does, but on the new stack, untouched, and with x0 = 0. The stub's child
 * entry (rewrite.h) takes x16 and x30 from the pair x16 points at. */
	.global SYM(darwin_clone_child)
SYM(darwin_clone_child):
	ldr x9,[x0,#(DARWIN_SVC_NEW_SP * 8)]
	ldr x10,[x0,#128]
	ldr x11,[x0,#240]
	stp x10,x11,[x0,#248]
	mov sp,x9
	ldr x30,[x0,#(DARWIN_SVC_STUB * 8)]
	add x30,x30,#(ARM64_SVC_CHILD_ENTRY - 12)
	add x16,x0,#248
	ldp x1,x2,[x0,#8]
	ldp x3,x4,[x0,#24]
	ldp x5,x6,[x0,#40]
	ldp x7,x8,[x0,#56]
	ldp x9,x10,[x0,#72]
	ldp x11,x12,[x0,#88]
	ldp x13,x14,[x0,#104]
	ldr x15,[x0,#120]
	ldp x17,x18,[x0,#136]
	ldp x19,x20,[x0,#152]
	ldp x21,x22,[x0,#168]
	ldp x23,x24,[x0,#184]
	ldp x25,x26,[x0,#200]
	ldp x27,x28,[x0,#216]
	ldr x29,[x0,#232]
	mov x0,#0
	br x30

#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
