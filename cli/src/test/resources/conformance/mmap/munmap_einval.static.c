/* A static program (its calls trap: compat mode) whose munmap ranges hold
 * the stack its calls run on, and which Linux refuses: EINVAL, and the
 * program goes on. */
#include "../conf.h"
int main(void)
{
	check("munmap(0, nearly all)", munmap(NULL, (size_t)-1 & ~4095ul));
	char c;
	check("munmap(an unaligned stack address)", munmap((void *)((uintptr_t)&c | 1), 4096));
	printf("still here\n");
	return 0;
}
