/* Into a guest signal handler and out of it (signals.c). */
	.text
	.p2align 2

/* darwin_enter_handler(handler, sig, info, uc, sp, restorer, record): the
 * handler runs as Linux starts it: x0-x2 its arguments, sp the frame, x29
 * the frame record, x30 where it returns to (its restorer). */
	.global _darwin_enter_handler
_darwin_enter_handler:
	mov sp,x4
	mov x16,x0
	mov x0,x1
	mov x1,x2
	mov x2,x3
	mov x29,x6
	mov x30,x5
	br x16

/* The restorer of a handler whose action names none (Linux's vDSO has
 * one): rt_sigreturn of the frame at sp. */
	.global _darwin_restorer
_darwin_restorer:
	mov x0,sp
	b _darwin_sigreturn
