/* A process group outlives its leader, as a shell's pipeline needs: the leader (the pipeline's
 * first command) ends and is reaped while the second is still starting; the second then joins
 * the group, makes it the terminal's foreground and signals it, naming it by the ended leader's
 * id, and its parent waits for the group. (An interactive shell's `echo hi | cat` failed with
 * "can't set tty process group".) */
#include "../conf.h"
int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) return 1;
	pid_t sess = fork();
	if (sess == 0) {
		setsid();
		int s = open(ptsname(m), O_RDWR);
		ioctl(s, TIOCSCTTY, 0);
		signal(SIGTTOU, SIG_IGN);
		pid_t first = fork();
		if (first == 0) {
			setpgid(0, 0);
			_exit(0);
		}
		setpgid(first, first);
		int reaped[2];
		pipe(reaped);
		pid_t second = fork();
		if (second == 0) {
			char b;
			read(reaped[0], &b, 1); /* its parent has reaped the leader (and said so) */
			check("join the group", setpgid(0, first));
			yes("in it", getpgrp() == first);
			check("make it the foreground", tcsetpgrp(s, first));
			yes("the foreground", tcgetpgrp(s) == first);
			check("signal the group", kill(-first, 0));
			_exit(0);
		}
		setpgid(second, first);
		yes("leader reaped", waitpid(first, NULL, 0) == first);
		write(reaped[1], "", 1);
		int st;
		yes("waited for by group", waitpid(-first, &st, 0) == second && WIFEXITED(st));
		_exit(0);
	}
	waitpid(sess, NULL, 0);
	return 0;
}
