/* long held_call(long nr, const long args[6], const volatile uint64_t *held)
 * (dispatch.h): the host call, unless *held is set by then; see x86_64's. */
	.text
	.global held_call, held_call_check, held_call_syscall, held_call_refused
held_call:
	mov x8, x0
	mov x9, x1
	mov x10, x2
	ldp x0, x1, [x9]
	ldp x2, x3, [x9, #16]
	ldp x4, x5, [x9, #32]
held_call_check:
	ldr x11, [x10]
	cbnz x11, held_call_refused
held_call_syscall:
	svc #0
	ret
held_call_refused:
	mov x0, #-513                    /* -ERESTARTNOINTR: not made */
	ret
	.section .note.GNU-stack,"",@progbits
