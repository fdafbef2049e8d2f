/* mprotect to read-only: a store faults (SIGSEGV); back to writable works. */
#include "../conf.h"
int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check("mprotect read", mprotect(p, 4096, PROT_READ));
	pid_t c = fork();
	if (c == 0) { p[0] = 1; _exit(0); }
	int st;
	waitpid(c, &st, 0);
	status("store to read-only", st);
	check("mprotect rw", mprotect(p, 4096, PROT_READ | PROT_WRITE));
	p[0] = 1;
	printf("store after: ok\n");
	check("mprotect unaligned", mprotect(p + 1, 4096, PROT_READ));
	check("mprotect bad prot", mprotect(p, 4096, 0x100));
	return 0;
}
