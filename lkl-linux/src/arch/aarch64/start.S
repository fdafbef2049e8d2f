/* Entry points and trampolines of the Linux init host on aarch64 (the
 * same contracts as arch/x86_64/start.S; host_enter_guest and the
 * Apple-Silicon rules' svc entry are lkl-common/src/arm64/svc_entry.S). The
 * host kernel keeps every register but x0 across svc, which the clone
 * child relies on. */
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

	.section .note.GNU-stack,"",@progbits
