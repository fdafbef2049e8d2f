/* The brk call: brk(0) reports the break, a larger one grows the heap with zeroed memory. */
#include "../conf.h"
int main(void)
{
	char *a = (char *)syscall(SYS_brk, 0);
	char *b = (char *)syscall(SYS_brk, a + 65536);
	yes("grew by 64 KiB", b == a + 65536);
	int zero = 1;
	for (int i = 0; i < 65536; i++) if (a[i]) zero = 0;
	yes("zeroed", zero);
	a[65535] = 1;
	yes("brk(0) shows it", (char *)syscall(SYS_brk, 0) == b);
	yes("shrink", (char *)syscall(SYS_brk, a) == a);
	yes("a brk below the start is ignored", (char *)syscall(SYS_brk, 4096) == a);
	return 0;
}
