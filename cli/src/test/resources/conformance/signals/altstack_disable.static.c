/* A static program (its calls trap, served on the alternate stack it has)
 * disables that stack, unmaps it and goes on, as Rust's threads do when they
 * end: the disable holds (a query shows SS_DISABLE), and later calls and
 * handlers run on the thread's own stack. Before, the disable was lost (made
 * from the stack it disabled) and the next trap ran on unmapped memory. */
#include "../conf.h"
static volatile int handled, on_alt;
static char *alt;
static void on(int s)
{
	(void)s;
	char here;
	on_alt = &here >= alt && &here < alt + 65536;
	handled++;
}
static void *run(void *label)
{
	alt = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stack_t ss = {.ss_sp = alt, .ss_size = 65536}, now;
	check("sigaltstack", sigaltstack(&ss, NULL));
	raise(SIGUSR1);
	yes("handler on the alternate stack", on_alt);
	stack_t dis = {.ss_flags = SS_DISABLE};
	check("disable", sigaltstack(&dis, NULL));
	check("query", sigaltstack(NULL, &now));
	printf("%s: flags %d size %lu\n", (char *)label, now.ss_flags, (unsigned long)now.ss_size);
	check("unmap", munmap(alt, 65536));
	raise(SIGUSR1);
	yes("handler on the thread's stack", !on_alt);
	yes("a call after", getpid() > 0);
	return NULL;
}
int main(void)
{
	struct sigaction sa = {.sa_handler = on, .sa_flags = SA_ONSTACK};
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, run, "thread");
	pthread_join(t, NULL);
	run("main");
	printf("handled %d\n", handled);
	return 0;
}
