/* System calls made past musl+, the dispatcher and the Lamina kernel, as
 * hostile guest code can: through the init host's own `syscall; ret`
 * (Syscall User Dispatch lets that region through), found by scanning the
 * init host's code. For the hostile-guest test programs, built static and
 * run with --compat. Call raw_syscall_init() first; 0 when not found. */
#ifndef RAW_SYSCALL_H
#define RAW_SYSCALL_H

#include <elf.h>
#include <stddef.h>

/* The init host is linked at this address (lkl-linux/Makefile), ELF header first. */
#define INIT_HOST_BASE 0x100000ul

const unsigned char *gadget;

/* raw(nr, a1..a5) and raw6(nr, a1..a6): the arguments into the syscall registers (the
 * sixth from the stack; raw passes what is there, which its calls ignore), then into the
 * gadget, whose ret comes back to our caller. */
long raw(long nr, long a1, long a2, long a3, long a4, long a5);
long raw6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
__asm__(".text\n.globl raw\n.globl raw6\nraw:\nraw6:\n"
        "mov %rdi, %rax\nmov %rsi, %rdi\nmov %rdx, %rsi\nmov %rcx, %rdx\nmov %r8, %r10\nmov %r9, %r8\n"
        "mov 8(%rsp), %r9\njmp *gadget(%rip)\n");

static int raw_syscall_init(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)INIT_HOST_BASE;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(INIT_HOST_BASE + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X)) continue;
		const unsigned char *p = (const unsigned char *)ph[i].p_vaddr;
		for (size_t j = 0; j + 3 <= ph[i].p_filesz; j++)
			if (p[j] == 0x0f && p[j + 1] == 0x05 && p[j + 2] == 0xc3) {
				gadget = p + j;
				return 1;
			}
	}
	return 0;
}

#endif
