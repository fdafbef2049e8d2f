/* /proc/1 is the container's init: its ppid is 0 and its status shows pid 1. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/1/status");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	value("Pid", field(s, "Pid"));
	value("PPid", field(s, "PPid"));
	s = slurp("/proc/1/comm");
	printf("comm: %s", s ? s : "none\n");
	check("/proc/0", access("/proc/0", F_OK));
	check("/proc/self", access("/proc/self", F_OK));
	char buf[32] = {0};
	readlink("/proc/self", buf, sizeof buf - 1);
	yes("/proc/self -> getpid", atoi(buf) == getpid());
	return 0;
}
