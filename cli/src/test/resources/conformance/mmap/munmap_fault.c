/* A load from an unmapped page faults with SIGSEGV. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	pid_t c = fork();
	if (c == 0) { volatile char x = *(volatile char *)p; (void)x; _exit(0); }
	int st;
	waitpid(c, &st, 0);
	status("load from unmapped", st);
	return 0;
}
