/* An anonymous private mapping is zeroed and writable; munmap ends it. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yes("mapped", p != MAP_FAILED);
	yes("page aligned", ((uintptr_t)p & 4095) == 0);
	int zero = 1;
	for (int i = 0; i < 8192; i++) if (p[i]) zero = 0;
	yes("zeroed", zero);
	p[8191] = 'x';
	check("munmap", munmap(p, 8192));
	check("munmap unaligned", munmap(p + 1, 4096));
	yes("length 0 refused", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	yes("no type refused", mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	return 0;
}
