/* A call through a null function pointer: SIGSEGV, whose handler sees pc 0
 * and the fault's address 0, and leaves by siglongjmp. */
#include "../conf.h"
#include <setjmp.h>
#include <ucontext.h>
static sigjmp_buf back;
static volatile long seen_pc = -1, seen_addr = -1;
static volatile int calls;
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	calls++;
	seen_pc = ((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
	seen_addr = (long)si->si_addr;
	siglongjmp(back, 1);
}
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO};
	sigaction(SIGSEGV, &sa, NULL);
	void (*volatile f)(void) = 0;
	if (!sigsetjmp(back, 1)) f();
	value("handler calls", calls);
	value("pc", seen_pc);
	value("address", seen_addr);
	return 0;
}
