/* MAP_FIXED replaces what is there; MAP_FIXED_NOREPLACE refuses (EEXIST). */
#include "../conf.h"
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
int main(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[4096] = 9;
	char *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	yes("at the address", q == p + 4096);
	value("replaced page", q[0]);
	char *r = mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	yes("NOREPLACE refused", r == MAP_FAILED);
	printf("errno: %s\n", errname(errno));
	yes("unaligned MAP_FIXED refused", mmap(p + 1, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED);
	return 0;
}
