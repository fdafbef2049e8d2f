/* Whether guest code at pc ends its thread at once, touching no memory:
 * musl's __unmapself after its munmap of the stack it runs on
 * (xor %rdi,%rdi or xor %edi,%edi; mov $SYS_exit,%eax; syscall). */
#include <asm/unistd.h>
#include "arch.h"
#include "guest_access.h"

int exits_next(long pc)
{
	static const unsigned char tail[] = { 0xb8, __NR_exit, 0, 0, 0, 0x0f, 0x05 };
	unsigned char code[3 + sizeof tail];
	if (guest_copy(code, (const void *)pc, sizeof code)) return 0;
	int at = code[0] == 0x48 && code[1] == 0x31 && code[2] == 0xff ? 3 : code[0] == 0x31 && code[1] == 0xff ? 2 : -1;
	if (at < 0) return 0;
	for (unsigned i = 0; i < sizeof tail; i++)
		if (code[at + i] != tail[i]) return 0;
	return 1;
}
