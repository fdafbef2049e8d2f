/* MAP_SHARED|MAP_ANONYMOUS is shared with a child; MAP_PRIVATE is copied. */
#include "../conf.h"
int main(void)
{
	int *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*s = 1;
	*p = 1;
	if (fork() == 0) {
		*s = 2;
		*p = 2;
		_exit(0);
	}
	wait(NULL);
	value("shared", *s);
	value("private", *p);
	return 0;
}
