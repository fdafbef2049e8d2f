/* Entry points and trampolines of the Linux init host on x86-64. */
#include <asm/unistd.h>
#include "call_sites.h"

	.text
/* The process entry: the host's initial stack pointer goes to init_main. */
	.global _start
_start:
	xor %ebp,%ebp
	mov %rsp,%rdi
	and $-16,%rsp
	call init_main
	hlt

/* sa_restorer for every guest signal handler: inside the init host, so
 * Syscall User Dispatch lets its rt_sigreturn through. */
	.global host_sigreturn
host_sigreturn:
	mov $__NR_rt_sigreturn,%eax
	syscall
	hlt

/* host_resume_frame(frame): rt_sigreturn from the ucontext at frame (the
 * kernel reads it at rsp, the frame's return address already taken). */
	.global host_resume_frame
host_resume_frame:
	mov %rdi,%rsp
	mov $__NR_rt_sigreturn,%eax
	syscall
	hlt

/* host_spawn_clone(flags, stack, fn, arg): clone onto stack, where the
 * child runs fn(arg) and exits with its result; clone's result in the
 * parent. For a vfork-style clone (CLONE_VM | CLONE_VFORK), whose child
 * must not touch the parent's stack. */
	.global host_spawn_clone
host_spawn_clone:
	mov %rdx,%r8
	mov %rcx,%r9
	and $-16,%rsi
	xor %edx,%edx
	xor %r10d,%r10d
	mov $__NR_clone,%eax
	syscall
	test %rax,%rax
	jnz 1f
	xor %ebp,%ebp
	mov %r9,%rdi
	call *%r8
	mov %eax,%edi
	mov $__NR_exit,%eax
	syscall
	hlt
1:	ret

/* host_clone_thread(flags, stack, ctid, tls, block, fn, arg): the new
 * thread starts in thread_start(block, fn, arg) on the guest's stack. */
	.global host_clone_thread
host_clone_thread:
	push %r12
	push %r13
	push %r14
	mov %r8,%r12
	mov %r9,%r13
	mov 32(%rsp),%r14
	mov %rcx,%r8
	mov %rdx,%r10
	xor %edx,%edx
	mov $__NR_clone,%eax
	syscall
	test %rax,%rax
	jnz 1f
	xor %ebp,%ebp
	mov %r12,%rdi
	mov %r13,%rsi
	mov %r14,%rdx
	and $-16,%rsp
	call thread_start
	hlt
1:	pop %r14
	pop %r13
	pop %r12
	ret

/* host_exit_thread_on(stack_top, unmap_base, unmap_size, free_flag): the
 * last steps of a thread, on a stack that is not the guest's: unmap the
 * guest stack if asked, give the state block back, exit. */
	.global host_exit_thread_on
host_exit_thread_on:
	mov %rdi,%rsp
	mov %rcx,%r12
	test %rsi,%rsi
	jz 1f
	mov %rsi,%rdi
	mov %rdx,%rsi
	mov $__NR_munmap,%eax
	syscall
1:	movl $1,(%r12)
	xor %edi,%edi
	mov $__NR_exit,%eax
	syscall
	hlt

/* call_site_entry: a rewritten call site's way to the dispatcher
 * (call_sites.c). Its slot has put the call's number in eax, stepped over
 * the red zone and called here through a pointer; the guest's pc after its
 * syscall instruction is CALL_SITE_PC_FROM_RETURN past the return address.
 * It calls dispatch_syscall as a trap does (a guest handler sees the init
 * host's pc, as during a trap). As the syscall instruction does, it keeps
 * every register but rax, rcx (the pc after it) and r11 (the flags), and
 * the flags themselves. */
	.global call_site_entry
call_site_entry:
	pushfq
	push %rdi
	push %rsi
	push %rdx
	push %r8
	push %r9
	push %r10
	push %rbx
	mov %rsp,%rbx
	and $-16,%rsp
	cld
	/* dispatch_syscall(nr, a1, ..., a6): a6 on the stack */
	sub $8,%rsp
	push %r9
	mov %r8,%r9
	mov %r10,%r8
	mov %rdx,%rcx
	mov %rsi,%rdx
	mov %rdi,%rsi
	mov %rax,%rdi
	call dispatch_syscall
	mov %rbx,%rsp
	pop %rbx
	pop %r10
	pop %r9
	pop %r8
	pop %rdx
	pop %rsi
	pop %rdi
	mov (%rsp),%r11
	popfq
	mov (%rsp),%rcx
	mov CALL_SITE_PC_FROM_RETURN(%rcx),%rcx
	ret

	.section .note.GNU-stack,"",@progbits
