/* /proc/self/status: Name, Pid, PPid, Uid, Threads, State agree with the calls. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/self/status");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	yes("Name", strstr(s, "Name:\tstatus\n") != NULL);
	yes("Pid == getpid", field(s, "Pid") == getpid());
	yes("PPid == getppid", field(s, "PPid") == getppid());
	yes("Tgid == getpid", field(s, "Tgid") == getpid());
	value("Uid", field(s, "Uid"));
	value("Threads", field(s, "Threads"));
	yes("State R", strstr(s, "State:\tR") != NULL);
	yes("has VmRSS", strstr(s, "VmRSS:") != NULL);
	yes("has SigBlk", strstr(s, "SigBlk:") != NULL);
	return 0;
}
