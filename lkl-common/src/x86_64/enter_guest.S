/* The x86-64 entry both init hosts share (enter_guest.h). Built for Linux
 * (ELF) and for Darwin (Mach-O: C names take an underscore). */
#include "asm_symbol.h"

	.text
/* host_enter_guest(entry, sp): start the guest with the psABI's register
 * state (rdx = 0: no function for atexit). */
	.global SYM(host_enter_guest)
SYM(host_enter_guest):
	mov %rsi,%rsp
	xor %eax,%eax
	xor %ebx,%ebx
	xor %ecx,%ecx
	xor %edx,%edx
	xor %esi,%esi
	xor %ebp,%ebp
	xor %r8d,%r8d
	xor %r9d,%r9d
	xor %r10d,%r10d
	xor %r11d,%r11d
	xor %r12d,%r12d
	xor %r13d,%r13d
	xor %r14d,%r14d
	xor %r15d,%r15d
	jmp *%rdi

#ifndef __APPLE__
	.section .note.GNU-stack,"",@progbits
#endif
