/* /proc/self/stat: pid, comm, state, ppid, pgrp, session, threads. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/self/stat");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	int pid = atoi(s);
	char *r = strrchr(s, ')');
	char *l = strchr(s, '(');
	printf("comm: %.*s\n", (int)(r - l - 1), l + 1);
	char state;
	int ppid, pgrp, sid, tty, tpgid;
	unsigned flags;
	unsigned long minflt, cminflt, majflt, cmajflt, ut, st;
	long cut, cst, prio, nice, threads;
	sscanf(r + 2, "%c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %ld %ld %ld %ld %ld", &state, &ppid, &pgrp, &sid, &tty, &tpgid,
	       &flags, &minflt, &cminflt, &majflt, &cmajflt, &ut, &st, &cut, &cst, &prio, &nice, &threads);
	yes("pid == getpid", pid == getpid());
	printf("state %c\n", state);
	yes("ppid == getppid", ppid == getppid());
	yes("pgrp == getpgrp", pgrp == getpgrp());
	yes("session == getsid", sid == getsid(0));
	printf("nice %ld threads %ld\n", nice, threads);
	int fields = 2; /* pid and comm, then one per space after the comm */
	for (char *c = r + 1; *c; c++) if (*c == ' ') fields++;
	yes("at least 50 fields", fields >= 50);
	return 0;
}
