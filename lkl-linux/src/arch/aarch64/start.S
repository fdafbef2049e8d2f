/* Entry points and trampolines of the Linux init host on aarch64 (the
 * same contracts as arch/x86_64/start.S). The host kernel keeps every
 * register but x0 across svc, which the clone child relies on. */
#include <asm/unistd.h>

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
 * arguments; x16 and x30 the stub keeps). Like svc it changes only x0. */
	.global darwin_svc_entry
darwin_svc_entry:
	sub sp,sp,#144
	stp x1,x2,[sp,#0]
	stp x3,x4,[sp,#16]
	stp x5,x6,[sp,#32]
	stp x7,x8,[sp,#48]
	stp x9,x10,[sp,#64]
	stp x11,x12,[sp,#80]
	stp x13,x14,[sp,#96]
	stp x15,x17,[sp,#112]
	stp x18,x30,[sp,#128]
	mov x7,x30
	mov x6,x5
	mov x5,x4
	mov x4,x3
	mov x3,x2
	mov x2,x1
	mov x1,x0
	mov x0,x8
	bl darwin_svc
	ldp x1,x2,[sp,#0]
	ldp x3,x4,[sp,#16]
	ldp x5,x6,[sp,#32]
	ldp x7,x8,[sp,#48]
	ldp x9,x10,[sp,#64]
	ldp x11,x12,[sp,#80]
	ldp x13,x14,[sp,#96]
	ldp x15,x17,[sp,#112]
	ldp x18,x30,[sp,#128]
	add sp,sp,#144
	ret

	.section .note.GNU-stack,"",@progbits
