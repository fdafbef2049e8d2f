/* A signal arriving while the process is in a call the kernel serves keeps
 * its siginfo: a SIGCHLD names its child and status, a sigqueue its sender
 * and value. A SIGCHLD pending while its child is reaped still names it. */
#include "../conf.h"
static volatile sig_atomic_t got;
static volatile int code, from, st, val;
static volatile int waited_sig = SIGCHLD; /* another one's siginfo is not kept */
static void on(int s, siginfo_t *si, void *u)
{
	(void)u;
	if (s != waited_sig) return;
	code = si->si_code;
	from = si->si_pid;
	st = si->si_status;
	val = si->si_value.sival_int;
	got = 1;
}
/* Calls the kernel serves until the signal has come (bounded). */
static void busy_until_got(void)
{
	struct stat sb;
	for (long i = 0; i < 2000000 && !got; i++) stat("/etc/hostname", &sb);
}
int main(void)
{
	struct sigaction sa = {.sa_sigaction = on, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	int wrong = 0;
	for (int i = 1; i <= 20; i++) {
		got = 0;
		pid_t c = fork();
		if (c == 0) {
			usleep(1000);
			_exit(i);
		}
		busy_until_got();
		wrong += !got || code != CLD_EXITED || from != c || st != i;
		waitpid(c, NULL, 0);
	}
	value("SIGCHLD infos wrong", wrong);
	wrong = 0;
	waited_sig = SIGUSR1;
	for (int i = 1; i <= 20; i++) {
		got = 0;
		pid_t c = fork();
		if (c == 0) {
			usleep(1000);
			sigqueue(getppid(), SIGUSR1, (union sigval){.sival_int = i});
			_exit(0);
		}
		busy_until_got();
		wrong += !got || code != SI_QUEUE || from != c || val != i;
		waitpid(c, NULL, 0);
	}
	value("sigqueue infos wrong", wrong);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	waited_sig = SIGCHLD;
	got = 0;
	pid_t c = fork();
	if (c == 0) _exit(7);
	waitpid(c, NULL, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("reaped, then delivered: %s pid==child %s status %d\n", got ? "yes" : "no", from == c ? "yes" : "no", st);
	return 0;
}
