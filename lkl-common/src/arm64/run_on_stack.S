/* host_run_on_stack(fn, arg, stack, then) (run_on_stack.h), built for
 * Linux (ELF) and for Darwin (Mach-O). */
#include "asm_symbol.h"

	.text
	.p2align 2
	.global SYM(host_run_on_stack)
SYM(host_run_on_stack):
	and x2,x2,#-16
	mov sp,x2
	mov x16,x0
	mov x0,x1
	mov x19,x3
	mov x29,#0
	mov x30,#0
	blr x16
	sxtw x0,w0
	blr x19
	brk #0

#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
