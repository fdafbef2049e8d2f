/* A stack that overflows inside a call (one musl+'s init host answers
 * itself) is still the program's SIGSEGV, handled on its alternate stack. */
#include "../conf.h"
static void on(int s)
{
	(void)s;
	static const char msg[] = "caught SIGSEGV on the alternate stack\n";
	write(1, msg, sizeof msg - 1);
	_exit(0);
}
static long __attribute__((noinline)) down(long n)
{
	volatile char pad[64]; /* read after the call: no loop made of it */
	pad[0] = (char)n;
	long r = syscall(SYS_getpid);
	return (n > (1L << 40) ? 0 : down(n + 1)) + r + pad[0];
}

int main(void)
{
	static char alt[1 << 16];
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	sigaltstack(&ss, 0);
	struct sigaction sa = {.sa_handler = on, .sa_flags = SA_ONSTACK};
	sigaction(SIGSEGV, &sa, 0);
	return (int)down(0);
}
