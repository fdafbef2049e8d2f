/* guest_access.h's functions on aarch64: leaf functions that touch nothing
 * but their arguments' memory and x0-x3, so that a fault in one is undone
 * by returning -EFAULT to x30: lkl-linux's signal.c and lkl-darwin's fault
 * handler do it. Built for Linux (ELF) and Darwin (Mach-O). */
#include "asm_symbol.h"

	.text
	.global SYM(guest_access_begin), SYM(guest_access_end)
	.global SYM(guest_strlen), SYM(guest_readable), SYM(guest_copy)
SYM(guest_access_begin):

/* long guest_strlen(const char *s) */
SYM(guest_strlen):
	mov x1,x0
1:	ldrb w2,[x1],#1
	cbnz w2,1b
	sub x0,x1,x0
	sub x0,x0,#1
	ret

/* long guest_readable(const void *p, size_t n): reads a byte of each page
 * (the smallest page, 4 KiB, whatever the host's) */
SYM(guest_readable):
	cbz x1,2f
	add x1,x0,x1
	sub x1,x1,#1                     /* the last byte */
1:	ldrb w2,[x0]
	and x0,x0,#~4095
	adds x0,x0,#4096
	b.cs 2f                          /* past the top of the address space */
	cmp x0,x1
	b.ls 1b
	ldrb w2,[x1]
2:	mov x0,#0
	ret

/* long guest_copy(void *to, const void *from, size_t n) */
SYM(guest_copy):
	cbz x2,2f
1:	ldrb w3,[x1],#1
	strb w3,[x0],#1
	subs x2,x2,#1
	b.ne 1b
2:	mov x0,#0
	ret

SYM(guest_access_end):
#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
