/* A static program (its calls trap: compat mode) with an alternate stack,
 * under a flood of a handled signal: one held while a trapped call is served
 * is never shown by sigpending (the program never blocked it), and never
 * stays blocked in the program an exec starts. */
#include "../conf.h"
static volatile int got;
static void on(int s)
{
	(void)s;
	got++;
}
static char alt[65536];
/* Handles SIGWINCH on the alternate stack while a child sends it 20000 times. */
static pid_t flooded(void)
{
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	sigaltstack(&ss, 0);
	struct sigaction sa = {.sa_handler = on};
	sigaction(SIGWINCH, &sa, 0);
	pid_t me = getpid();
	int p[2];
	pipe(p);
	pid_t f = fork();
	if (f == 0) {
		write(p[1], "x", 1);
		for (int i = 0; i < 20000 && !kill(me, SIGWINCH); i++) {}
		_exit(0);
	}
	char b;
	read(p[0], &b, 1);
	return f;
}
int main(int argc, char **argv)
{
	if (argc > 1) {
		sigset_t m;
		sigprocmask(SIG_BLOCK, 0, &m);
		return sigismember(&m, SIGWINCH);
	}
	pid_t f = flooded();
	int shown = 0, ended = 0;
	for (int n = 0; n < 200000 && !ended; n++) {
		sigset_t ps;
		sigpending(&ps);
		shown += sigismember(&ps, SIGWINCH);
		ended = waitpid(f, 0, WNOHANG) == f;
	}
	if (!ended) waitpid(f, 0, 0); /* its signals sent (a loaded machine may not have run it yet) */
	printf("sigpending showed the handled signal: %s; handled: %s\n", shown ? "yes" : "no", got ? "yes" : "no");
	/* An exec (with a large environment: a longer call) under the flood. */
	static char *env[2001];
	for (int i = 0; i < 2000; i++) {
		env[i] = malloc(300);
		memset(env[i], 'a', 299);
		env[i][0] = 'X';
		env[i][1] = '=';
		env[i][299] = 0;
	}
	int blocked = 0;
	for (int r = 0; r < 10; r++) {
		pid_t c = fork();
		if (c == 0) {
			flooded();
			for (int i = 0; i < 5; i++) getppid();
			char *av[] = {argv[0], "check", 0};
			execve("/proc/self/exe", av, env);
			_exit(99);
		}
		int st;
		waitpid(c, &st, 0);
		blocked += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	printf("programs an exec started with the signal blocked: %d\n", blocked);
	return 0;
}
