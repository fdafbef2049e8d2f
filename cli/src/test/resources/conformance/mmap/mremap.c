/* mremap grows a mapping, moving it if allowed, keeping its content. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(p, "kept");
	mmap(p + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	yes("grow in place blocked", mremap(p, 4096, 8192, 0) == MAP_FAILED);
	printf("errno: %s\n", errname(errno));
	char *q = mremap(p, 4096, 1 << 20, MREMAP_MAYMOVE);
	yes("moved", q != MAP_FAILED);
	printf("content: %s\n", q);
	q[(1 << 20) - 1] = 1;
	char *r = mremap(q, 1 << 20, 4096, 0);
	yes("shrunk in place", r == q);
	return 0;
}
