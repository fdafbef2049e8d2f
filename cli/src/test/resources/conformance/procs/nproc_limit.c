/* RLIMIT_NPROC: a user other than root at its limit (0 here, whatever else
 * the user runs) cannot fork or start a thread (EAGAIN); without a limit it
 * can, and root is not held to it. It was not enforced: the host's count is
 * the host user's. */
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
	return 0;
}
