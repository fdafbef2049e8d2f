/* Entry points and trampolines of the Linux init host on aarch64 (the
 * same contracts as arch/x86_64/start.S). The host kernel keeps every
 * register but x0 across svc, which the clone child relies on. */
#include <asm/unistd.h>
#include "rewrite.h"

	.text
/* The process entry: the host's initial stack pointer goes to init_main. */
	.global _start
_start:
	mov x29,#0
	mov x30,#0
	mov x0,sp
	bl init_main
	brk #0

/* sa_restorer for every guest signal handler. */
	.global host_sigreturn
host_sigreturn:
	mov x8,#__NR_rt_sigreturn
	svc #0
	brk #0

/* host_resume_frame(frame): rt_sigreturn from the frame at frame. */
	.global host_resume_frame
host_resume_frame:
	mov sp,x0
	mov x8,#__NR_rt_sigreturn
	svc #0
	brk #0

/* host_enter_guest(entry, sp): start the guest with the psABI's register
 * state (x0 = 0: no function for atexit). */
	.global host_enter_guest
host_enter_guest:
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

/* host_call_on_stack(fn, arg, stack): run fn(arg) on stack, then exit
 * with its result (the child half of a spawn-style clone). */
	.global host_call_on_stack
host_call_on_stack:
	and x2,x2,#-16
	mov sp,x2
	mov x16,x0
	mov x0,x1
	mov x29,#0
	mov x30,#0
	blr x16
	mov x8,#__NR_exit_group
	svc #0
	brk #0

/* host_spawn_clone(flags, stack, fn, arg): clone onto stack, where the
 * child runs fn(arg) and exits with its result; clone's result in the
 * parent. For a vfork-style clone (CLONE_VM | CLONE_VFORK), whose child
 * must not touch the parent's stack. */
	.global host_spawn_clone
host_spawn_clone:
	mov x9,x2
	mov x10,x3
	and x1,x1,#-16
	mov x2,#0
	mov x3,#0
	mov x4,#0
	mov x8,#__NR_clone
	svc #0
	cbnz x0,1f
	mov x29,#0
	mov x30,#0
	mov x0,x10
	blr x9
	mov x8,#__NR_exit
	svc #0
	brk #0
1:	ret

/* host_clone_thread(flags, stack, ctid, tls, block, fn, arg): the new
 * thread starts in thread_start(block, fn, arg) on the guest's stack.
 * clone's order here: flags, stack, ptid, tls, ctid. */
	.global host_clone_thread
host_clone_thread:
	mov x9,x4
	mov x10,x5
	mov x11,x6
	mov x4,x2
	mov x2,#0
	mov x8,#__NR_clone
	svc #0
	cbnz x0,1f
	mov x29,#0
	mov x30,#0
	mov x0,x9
	mov x1,x10
	mov x2,x11
	mov x12,sp
	and x12,x12,#-16
	mov sp,x12
	bl thread_start
	brk #0
1:	ret

/* host_exit_thread_on(stack_top, unmap_base, unmap_size, free_flag): the
 * last steps of a thread, on a stack that is not the guest's: unmap the
 * guest stack if asked, give the state block back, exit. */
	.global host_exit_thread_on
host_exit_thread_on:
	mov sp,x0
	mov x12,x3
	cbz x1,1f
	mov x0,x1
	mov x1,x2
	mov x8,#__NR_munmap
	svc #0
1:	mov w13,#1
	str w13,[x12]
	mov x0,#0
	mov x8,#__NR_exit
	svc #0
	brk #0

/* darwin_svc_entry: a rewritten svc's stub calls it (x8: nr, x0-x5:
 * arguments), having pushed x16 and x30 on the guest's stack, 64 bytes
 * below its stack pointer (rewrite.h). Like svc it changes only x0, and it
 * takes 16 more bytes of the guest's stack: the
 * host runs on the thread's svc stack (a goroutine's has no room), from
 * where svc_stack says (the top, or below a call a signal interrupted,
 * whose handler's call this is), unless it is on it already (a guest
 * handler's call during one, run on that stack). The registers
 * are saved as darwin_svc reads them (darwin_rules.h): x0-x30 as at the
 * svc, the new stack of a clone, the guest's stack pointer, the stub's
 * way on. */
	.global darwin_svc_entry
darwin_svc_entry:
	str x17,[sp,#-16]!
	mrs x16,tpidr_el0
	ldr x16,[x16,#8]
	sub x17,x16,#0x10000
	cmp sp,x17
	b.lo 1f
	cmp sp,x16
	b.hs 1f
	mov x16,sp
1:	sub x16,x16,#272
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
	str x17,[sp,#256]
	str x30,[sp,#264]
	ldr x0,[x17]
	ldp x1,x2,[x17,#16]
	str x0,[sp,#136]
	str x1,[sp,#128]
	str x2,[sp,#240]
	mov x0,sp
	bl darwin_svc
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
	ldr x30,[sp,#264]
	ldr x16,[sp,#256]
	mov sp,x16
	ldr x17,[sp],#16
	ret

/* darwin_clone_child(regs): a thread a rewritten svc's clone made starts
 * here, on a stack of the host's, with a copy of its parent's registers
 * (darwin_svc_entry's layout): it goes on from the svc's stub as the
 * parent does, but on the new stack, untouched, and with x0 = 0. The stub's
 * child entry (rewrite.h) takes x16 and x30 from the pair x16 points at. */
	.global darwin_clone_child
darwin_clone_child:
	ldr x9,[x0,#248]
	ldr x10,[x0,#128]
	ldr x11,[x0,#240]
	stp x10,x11,[x0,#248]
	mov sp,x9
	ldr x30,[x0,#264]
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

	.section .note.GNU-stack,"",@progbits
