/* SIGSEGV from a bad access reaches a handler with the address; siglongjmp out. */
#include <setjmp.h>
#include "../conf.h"
static sigjmp_buf env;
static volatile void *addr;
static volatile int code;
static void on(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	addr = si->si_addr;
	code = si->si_code;
	siglongjmp(env, 1);
}
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO};
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(env, 1)) {
		volatile int *volatile bad = (int *)16;
		*bad = 1;
		printf("no fault\n");
	}
	printf("si_addr 16: %s SEGV_MAPERR: %s\n", addr == (void *)16 ? "yes" : "no", code == SEGV_MAPERR ? "yes" : "no");
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!sigsetjmp(env, 1)) p[5] = 1;
	printf("si_addr p+5: %s SEGV_ACCERR: %s\n", addr == p + 5 ? "yes" : "no", code == SEGV_ACCERR ? "yes" : "no");
	return 0;
}
