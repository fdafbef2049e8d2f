/* long held_call(long nr, const long args[6], const volatile uint64_t *held)
 * (dispatch.h): the host call, unless *held is set by then. A signal held
 * between the check and the syscall instruction finds the thread at
 * held_call_check..held_call_syscall, and on_guest_signal sends it to
 * held_call_refused: no instruction between them lets a held signal
 * through unseen. */
	.text
	.global held_call, held_call_check, held_call_syscall, held_call_refused
held_call:
	mov %rdi,%rax
	mov %rdx,%r11
	mov 24(%rsi),%r10
	mov 32(%rsi),%r8
	mov 40(%rsi),%r9
	mov 16(%rsi),%rdx
	mov 0(%rsi),%rdi
	mov 8(%rsi),%rsi
held_call_check:
	cmpq $0,(%r11)
	jne held_call_refused
held_call_syscall:
	syscall
	ret
held_call_refused:
	mov $-513,%rax                   /* -ERESTARTNOINTR: not made */
	ret
	.section .note.GNU-stack,"",@progbits
