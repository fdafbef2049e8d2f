/* host_run_on_stack(fn, arg, stack, then) (run_on_stack.h), built for
 * Linux (ELF) and for Darwin (Mach-O). */
#include "asm_symbol.h"

	.text
	.global SYM(host_run_on_stack)
SYM(host_run_on_stack):
	mov %rdx,%rsp
	and $-16,%rsp
	mov %rcx,%rbx
	mov %rdi,%rax
	mov %rsi,%rdi
	xor %ebp,%ebp
	call *%rax
	movslq %eax,%rdi
	call *%rbx
	hlt

#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
