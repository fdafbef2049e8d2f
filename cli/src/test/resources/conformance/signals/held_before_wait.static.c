/* A signal that comes to a thread on its way into a futex wait, in a trap
 * on its alternate stack (a static program, as Go's threads run): its
 * handler runs, as Linux delivers it before the wait or ends the wait for
 * it. Held by the init host until the trap's end, it stayed blocked through
 * the wait, and a thread asleep in an untimed wait never ran it (a Go
 * program's SIGTERM was lost; found by the forty-first session's probe with
 * Go's own test suites). Workers go back into a wait as each signal comes;
 * a round whose handlers do not all run within 5 s is a lost signal. */
#include "../conf.h"
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

#define WORKERS 4
#define ROUNDS 800
static volatile int need[WORKERS];
static volatile pid_t tids[WORKERS];
static int futexes[WORKERS];
static __thread volatile int me = -1;

static void handler(int sig)
{
	(void)sig;
	getppid(); /* a call of the handler's own, inside the trap's */
	if (me >= 0) need[me] = 0;
}

static void *worker(void *arg)
{
	me = (int)(long)arg;
	stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536 };
	sigaltstack(&ss, 0);
	tids[me] = (pid_t)syscall(SYS_gettid);
	for (;;) syscall(SYS_futex, &futexes[me], FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART | SA_ONSTACK };
	sigfillset(&sa.sa_mask);
	must("sigaction", sigaction(SIGRTMIN + 1, &sa, 0));
	pthread_t t[WORKERS];
	for (long i = 0; i < WORKERS; i++) must("pthread_create", -pthread_create(&t[i], 0, worker, (void *)i));
	for (int i = 0; i < WORKERS; i++)
		while (!tids[i]) sched_yield();
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < WORKERS; i++) {
			need[i] = 1;
			syscall(SYS_futex, &futexes[i], FUTEX_WAKE_PRIVATE, 1, 0, 0, 0); /* back into a wait as the signal comes */
			if (r & 1) sched_yield();
			syscall(SYS_tgkill, getpid(), tids[i], SIGRTMIN + 1);
		}
		double start = now();
		for (int i = 0; i < WORKERS; i++)
			while (need[i]) {
				sched_yield();
				if (now() - start > 5) {
					printf("a signal lost: its handler did not run\n");
					_exit(1);
				}
			}
	}
	printf("every handler ran: yes\n");
	_exit(0); /* the workers wait for ever */
}
