/* SA_ONSTACK runs the handler on the alternate stack; SS_ONSTACK shows inside. */
#include "../conf.h"
static char stack[65536];
static volatile int on_alt, flags_inside;
static void on(int s)
{
	(void)s;
	char here;
	on_alt = &here >= stack && &here < stack + sizeof stack;
	stack_t cur;
	sigaltstack(NULL, &cur);
	flags_inside = cur.ss_flags;
}
int main(void)
{
	stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack};
	check("sigaltstack", sigaltstack(&ss, NULL));
	struct sigaction sa = {.sa_handler = on, .sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	yes("ran on the alternate stack", on_alt);
	yes("SS_ONSTACK inside", flags_inside & SS_ONSTACK);
	ss.ss_size = 100;
	check("too small", sigaltstack(&ss, NULL));
	stack_t dis = {.ss_flags = SS_DISABLE};
	check("disable", sigaltstack(&dis, NULL));
	return 0;
}
