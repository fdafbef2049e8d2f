/* Calls that name another thread of the caller's process by its id: a
 * SIGEV_THREAD timer (libc names its helper thread with SIGEV_THREAD_ID), a
 * SIGEV_THREAD_ID timer naming a thread by gettid, rt_tgsigqueueinfo to a
 * thread, F_SETOWN_EX to a thread, and each naming an id no thread has. */
#include "../conf.h"
#include <fcntl.h>
static volatile int fired, got, got_in;
static volatile pid_t whose;
static void on_timer(union sigval v) { (void)v; fired++; }
static void on(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	/* got last: main reads got_in once it sees got */
	got_in = syscall(SYS_gettid) == whose;
	got++;
	(void)si;
}
static pthread_barrier_t ready, done;
static void *worker(void *arg)
{
	(void)arg;
	sigset_t usr;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGIO);
	pthread_sigmask(SIG_UNBLOCK, &usr, NULL);
	whose = syscall(SYS_gettid);
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&done);
	return 0;
}
static void wait_for(volatile int *n)
{
	for (int i = 0; i < 2000 && !*n; i++) usleep(1000);
}
static void report(const char *label)
{
	wait_for(&got);
	printf("%s: %d, in the worker %s\n", label, got, got_in ? "yes" : "no");
	got = got_in = 0;
}
int main(void)
{
	timer_t t;
	struct sigevent thread = {.sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_timer};
	check("SIGEV_THREAD timer_create", timer_create(CLOCK_MONOTONIC, &thread, &t));
	struct itimerspec soon = {{0, 0}, {0, 10000000}};
	check("timer_settime", timer_settime(t, 0, &soon, NULL));
	wait_for(&fired);
	value("SIGEV_THREAD fired", fired);
	check("timer_delete", timer_delete(t));

	/* SIGUSR1 and SIGIO blocked here, open in the worker: only it takes them */
	sigset_t usr;
	sigemptyset(&usr);
	sigaddset(&usr, SIGUSR1);
	sigaddset(&usr, SIGIO);
	pthread_sigmask(SIG_BLOCK, &usr, NULL);
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGIO, &sa, NULL);
	pthread_barrier_init(&ready, NULL, 2);
	pthread_barrier_init(&done, NULL, 2);
	pthread_t w;
	pthread_create(&w, NULL, worker, NULL);
	pthread_barrier_wait(&ready);

	struct sigevent to_worker = {.sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGUSR1};
	to_worker.sigev_notify_thread_id = whose;
	int kt, other;
	check("SIGEV_THREAD_ID timer_create", syscall(SYS_timer_create, CLOCK_MONOTONIC, &to_worker, &kt));
	check("timer_settime", syscall(SYS_timer_settime, kt, 0, &soon, NULL));
	report("SIGEV_THREAD_ID timer");
	check("timer_delete", syscall(SYS_timer_delete, kt));
	struct sigevent nobody = to_worker;
	nobody.sigev_notify_thread_id = 999999;
	check("SIGEV_THREAD_ID a tid nobody has", syscall(SYS_timer_create, CLOCK_MONOTONIC, &nobody, &other));
	check("timer_create a bad address", syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)16, &other));

	siginfo_t si = {.si_code = SI_QUEUE, .si_pid = getpid(), .si_uid = getuid()};
	check("rt_tgsigqueueinfo to the worker", syscall(SYS_rt_tgsigqueueinfo, getpid(), whose, SIGUSR1, &si));
	report("rt_tgsigqueueinfo");
	check("rt_tgsigqueueinfo a tid nobody has", syscall(SYS_rt_tgsigqueueinfo, getpid(), 999999, SIGUSR1, &si));

	int p[2];
	must("pipe", pipe(p));
	struct f_owner_ex ex = {F_OWNER_TID, whose};
	check("F_SETOWN_EX the worker", fcntl(p[0], F_SETOWN_EX, &ex));
	struct f_owner_ex back = {0};
	check("F_GETOWN_EX", fcntl(p[0], F_GETOWN_EX, &back));
	yes("F_GETOWN_EX is the worker", back.type == F_OWNER_TID && back.pid == whose);
	check("O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK));
	write(p[1], "x", 1);
	report("SIGIO");
	ex.pid = 999999;
	check("F_SETOWN_EX a tid nobody has", fcntl(p[0], F_SETOWN_EX, &ex));

	pthread_barrier_wait(&done);
	pthread_join(w, NULL);
	return 0;
}
