/* guest_access.h's functions on x86-64: leaf functions that touch nothing
 * but their arguments' memory and the return registers, so that a fault in
 * one is undone by returning -EFAULT from it: lkl-linux's signal.c and
 * lkl-darwin's fault handler do it. Built for Linux (ELF) and Darwin
 * (Mach-O). */
#include "asm_symbol.h"

	.text
	.global SYM(guest_access_begin), SYM(guest_access_end)
	.global SYM(guest_strlen), SYM(guest_readable), SYM(guest_copy)
SYM(guest_access_begin):

/* long guest_strlen(const char *s) */
SYM(guest_strlen):
	mov %rdi,%rax
1:	cmpb $0,(%rax)
	je 2f
	inc %rax
	jmp 1b
2:	sub %rdi,%rax
	ret

/* long guest_readable(const void *p, size_t n): reads a byte of each page */
SYM(guest_readable):
	test %rsi,%rsi
	jz 2f
	lea -1(%rdi,%rsi),%rsi          /* the last byte */
1:	movb (%rdi),%al
	and $-4096,%rdi
	add $4096,%rdi
	jc 2f                            /* past the top of the address space */
	cmp %rsi,%rdi
	jbe 1b
	movb (%rsi),%al
2:	xor %eax,%eax
	ret

/* long guest_copy(void *to, const void *from, size_t n) */
SYM(guest_copy):
	mov %rdx,%rcx
	rep movsb
	xor %eax,%eax
	ret

SYM(guest_access_end):
#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
