/* SIGSEGV and SIGBUS as the program set them: ignored, they stay ignored
 * across an exec (a kill then does nothing); a handler's SA_RESTART restarts
 * the read the signal interrupted, and without SA_ONSTACK it runs on the
 * program's own stack. */
#include "../conf.h"
static volatile int got;
static volatile uintptr_t handler_sp;
static char alt[65536];
static void on(int s)
{
	int here;
	got = s;
	handler_sp = (uintptr_t)&here;
}
static const char *action(int sig)
{
	struct sigaction o;
	sigaction(sig, 0, &o);
	return o.sa_handler == SIG_IGN ? "ignored" : o.sa_handler == SIG_DFL ? "default" : "a handler";
}
int main(int argc, char **argv)
{
	if (argc > 1) {
		printf("after exec: SIGSEGV %s, SIGBUS %s\n", action(SIGSEGV), action(SIGBUS));
		kill(getpid(), SIGSEGV);
		kill(getpid(), SIGBUS);
		printf("after exec: survived both\n");
		return 0;
	}
	signal(SIGSEGV, SIG_IGN);
	signal(SIGBUS, SIG_IGN);
	pid_t c = fork();
	if (c == 0) {
		execl("/proc/self/exe", argv[0], "after", (char *)0);
		_exit(99);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	sigaltstack(&ss, 0);
	int sigs[] = {SIGSEGV, SIGBUS};
	for (int i = 0; i < 2; i++) {
		struct sigaction sa = {.sa_handler = on, .sa_flags = SA_RESTART};
		sigaction(sigs[i], &sa, 0);
		int p[2];
		pipe(p);
		got = 0;
		pid_t me = getpid();
		c = fork();
		if (c == 0) {
			usleep(100000);
			kill(me, sigs[i]);
			usleep(100000);
			write(p[1], "x", 1);
			_exit(0);
		}
		char b;
		long r = read(p[0], &b, 1);
		int on_alt = handler_sp >= (uintptr_t)alt && handler_sp < (uintptr_t)alt + sizeof alt;
		printf("%s: handled %s, read %s, on the alternate stack %s\n", sigs[i] == SIGSEGV ? "SIGSEGV" : "SIGBUS",
		       got == sigs[i] ? "yes" : "no", r == 1 ? "restarted" : errname(errno), on_alt ? "yes" : "no");
		waitpid(c, 0, 0);
		close(p[0]);
		close(p[1]);
	}
	return 0;
}
