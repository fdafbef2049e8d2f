/* Each wait names the child fork named, however it is reaped and however
 * many are waiting (more than the init host keeps at hand), and a child
 * forked before an exec is still named after it. */
#include "../conf.h"
#define N 100
static pid_t pids[N];
/* SIGCHLD's senders, checked once every fork has returned (a child can end,
 * and its signal come, before its parent's fork does). */
static volatile pid_t senders[N];
static volatile sig_atomic_t nsenders;
static void on_chld(int s, siginfo_t *si, void *u)
{
	(void)s, (void)u;
	if (nsenders < N) senders[nsenders++] = si->si_pid;
}
static int index_of(pid_t p)
{
	for (int i = 0; i < N; i++)
		if (pids[i] == p) return i;
	return -1;
}
int main(int argc, char **argv)
{
	if (argc == 3) { /* after the exec: the child forked before it */
		int st;
		pid_t before = (pid_t)atoi(argv[2]);
		pid_t got = waitpid(-1, &st, 0);
		printf("after exec: pid==child %s status %d\n", got == before ? "yes" : "no", WEXITSTATUS(st));
		value("left", wait(NULL));
		return 0;
	}
	struct sigaction sa = {.sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigaction(SIGCHLD, &sa, NULL);
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) _exit(i);
	}
	int right = 0, st;
	/* The last third by name, in reverse, then the rest as they come, by wait4 and waitid. */
	for (int i = N - 1; i >= 2 * N / 3; i--)
		if (waitpid(pids[i], &st, 0) == pids[i] && WEXITSTATUS(st) == i) right++;
	for (int k = 0; k < N / 3; k++) {
		pid_t p = wait4(-1, &st, 0, NULL);
		if (p > 0 && index_of(p) == WEXITSTATUS(st)) right++;
	}
	for (int k = N / 3; k < 2 * N / 3; k++) {
		siginfo_t si = {0};
		if (waitid(P_ALL, 0, &si, WEXITED) == 0 && index_of(si.si_pid) == si.si_status) right++;
	}
	value("right pids and statuses", right);
	value("left", wait(NULL));
	int unknown = 0;
	for (int k = 0; k < nsenders; k++) unknown += index_of(senders[k]) < 0;
	value("SIGCHLD senders unknown", unknown);
	printf("SIGCHLD senders named: %s\n", nsenders > 0 ? "yes" : "no");
	pid_t before = fork();
	if (before == 0) {
		usleep(100000);
		_exit(9);
	}
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)before);
	execl("/proc/self/exe", argv[0], "after", pid, (char *)0);
	return 1;
}
