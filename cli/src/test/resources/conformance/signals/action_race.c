/* A thread raises a signal in a loop while another flips its action
 * between a handler and SIG_IGN, between two handlers, and (SIGWINCH,
 * whose default ignores) between a handler and SIG_DFL: each signal is
 * taken by the action it comes under, and the process lives. The init host
 * once called SIG_IGN's or SIG_DFL's value as a handler when a signal came
 * between the guest's change and the host's (SIGSEGV; CPython's
 * test_threadsignals does this). */
#include "../conf.h"
#include <stdatomic.h>

static atomic_int stop, sig;
static void h1(int s) { (void)s; }
static void h2(int s) { (void)s; }

static void *raiser(void *arg)
{
	(void)arg;
	while (!stop) raise(sig);
	return NULL;
}

static void flip(const char *label, int which, void (*other)(int))
{
	struct sigaction a = {.sa_handler = h1}, b = {.sa_handler = other};
	sig = which;
	stop = 0;
	sigaction(which, &a, NULL);
	pthread_t t;
	must("pthread_create", -pthread_create(&t, NULL, raiser, NULL));
	for (int i = 0; i < 20000; i++) {
		sigaction(which, &a, NULL);
		sigaction(which, &b, NULL);
	}
	stop = 1;
	pthread_join(t, NULL);
	signal(which, SIG_IGN);
	printf("%s: lived\n", label);
}

int main(void)
{
	flip("handler and SIG_IGN", SIGUSR1, SIG_IGN);
	flip("two handlers", SIGUSR2, h2);
	flip("handler and SIG_DFL (ignored by default)", SIGWINCH, SIG_DFL);
	return 0;
}
