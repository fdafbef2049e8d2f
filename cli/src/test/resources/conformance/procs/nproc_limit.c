/* RLIMIT_NPROC: a user other than root at its limit (0 here, whatever else
 * the user runs) cannot fork or start a thread (EAGAIN); without a limit it
 * can, and root is not held to it. It was not enforced: the host's count is
 * the host user's. A setuid to a user already past the caller's limit
 * succeeds, and the next execve fails with EAGAIN while the user stays past
 * it (Linux's PF_NPROC_EXCEEDED; Lamina let the execve run). */
#include "../conf.h"

static void *nothing(void *arg) { return arg; }

static void try_fork(const char *label)
{
	pid_t c = fork();
	if (c == 0) _exit(0);
	if (c < 0) {
		printf("%s: %s\n", label, errname(errno));
		return;
	}
	waitpid(c, NULL, 0);
	printf("%s: ok\n", label);
}

static void try_thread(const char *label)
{
	pthread_t t;
	int e = pthread_create(&t, NULL, nothing, NULL);
	if (!e) pthread_join(t, NULL);
	printf("%s: %s\n", label, errname(e));
}

int main(void)
{
	struct rlimit none, any;
	must("getrlimit", getrlimit(RLIMIT_NPROC, &any)); /* soft limits only: the hard one stays */
	any.rlim_cur = any.rlim_max;
	none = any;
	none.rlim_cur = 0;
	must("setrlimit", setrlimit(RLIMIT_NPROC, &none));
	try_fork("root at 0, fork");
	pid_t c = fork();
	if (c == 0) {
		must("setrlimit", setrlimit(RLIMIT_NPROC, &any));
		must("setgid", setgid(65534));
		must("setuid", setuid(65534));
		try_fork("user, under its limit, fork");
		must("setrlimit", setrlimit(RLIMIT_NPROC, &none));
		try_fork("user at 0, fork");
		try_thread("user at 0, thread");
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("user", st);

	/* One process of the user's runs while another becomes that user. */
	int hold[2], ready[2];
	char b;
	must("pipe", pipe(hold));
	must("pipe", pipe(ready));
	pid_t other = fork();
	if (other == 0) {
		must("setgid", setgid(65534));
		must("setuid", setuid(65534));
		close(hold[1]);
		close(ready[0]);
		close(ready[1]);
		read(hold[0], &b, 1);
		_exit(0);
	}
	close(hold[0]);
	close(ready[1]);
	read(ready[0], &b, 1); /* the user's process is that user by now */
	close(ready[0]);
	for (int lift = 0; lift < 2; lift++) {
		c = fork();
		if (c == 0) {
			must("setrlimit", setrlimit(RLIMIT_NPROC, &none));
			must("setgid", setgid(65534));
			printf("setuid past the limit: %s\n", setuid(65534) ? errname(errno) : "ok");
			if (lift) must("setrlimit", setrlimit(RLIMIT_NPROC, &any));
			char *argv[] = { "true", NULL };
			execv("/bin/true", argv);
			printf("execve %s: %s\n", lift ? "with the limit lifted" : "past the limit", errname(errno));
			_exit(1);
		}
		waitpid(c, &st, 0);
		status(lift ? "lifted" : "past", st);
	}
	close(hold[1]);
	waitpid(other, &st, 0);
	return 0;
}
