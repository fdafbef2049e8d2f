/* mlock and munlock as root; mlockall. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("mlock", mlock(p, 4096));
	check("munlock", munlock(p, 4096));
	check("mlockall", mlockall(MCL_CURRENT));
	check("munlockall", munlockall());
	check("mlockall bad flags", mlockall(0));
	return 0;
}
