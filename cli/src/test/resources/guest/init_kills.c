/* Signals that would end or stop pid 1, sent from inside the container by
 * every call that sends one, and pid 1's own raise of a fault: Linux's
 * namespace init takes none of them at their default. Run as pid 1. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long send(const char *how, int sig)
{
	if (!strcmp(how, "kill")) return kill(1, sig);
	if (!strcmp(how, "tgkill")) return syscall(SYS_tgkill, 1, 1, sig);
	if (!strcmp(how, "sigqueue")) return sigqueue(1, sig, (union sigval){0});
	int fd = syscall(SYS_pidfd_open, 1, 0);
	return fd < 0 ? -1 : syscall(SYS_pidfd_send_signal, fd, sig, 0, 0);
}

int main(void)
{
	setvbuf(stdout, 0, _IONBF, 0);
	const char *hows[] = { "kill", "tgkill", "sigqueue", "pidfd_send_signal" };
	const int sigs[] = { SIGKILL, SIGSTOP, SIGTERM, SIGSEGV, SIGBUS };
	for (size_t h = 0; h < sizeof hows / sizeof *hows; h++)
		for (size_t s = 0; s < sizeof sigs / sizeof *sigs; s++) {
			pid_t c = fork();
			if (c == 0) _exit(send(hows[h], sigs[s]) == 0 ? 0 : 1);
			int st;
			waitpid(c, &st, 0);
			usleep(20000);
			printf("%s %s: sent %s, pid 1 alive\n", hows[h], strsignal(sigs[s]), WEXITSTATUS(st) == 0 ? "yes" : "no");
		}
	raise(SIGSEGV);
	printf("raise(SIGSEGV): alive\n");
	return 0;
}
