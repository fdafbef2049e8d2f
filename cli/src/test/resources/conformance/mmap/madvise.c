/* MADV_DONTNEED on private anonymous memory gives back zeros; bad advice is EINVAL. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 7, 8192);
	check("MADV_DONTNEED", madvise(p, 4096, MADV_DONTNEED));
	value("first page", p[0]);
	value("second page", p[4096]);
	check("MADV_WILLNEED", madvise(p, 8192, MADV_WILLNEED));
	check("bad advice", madvise(p, 4096, 12345));
	unsigned char vec[2];
	check("mincore", mincore(p, 8192, vec));
	value("second page resident", vec[1] & 1);
	return 0;
}
