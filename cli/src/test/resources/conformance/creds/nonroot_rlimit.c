/* A user lowers its hard limits but cannot raise them. */
#include "../conf.h"
int main(void)
{
	setuid(1000);
	struct rlimit r = {64, 128};
	check("lower", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 256;
	check("raise hard", setrlimit(RLIMIT_NOFILE, &r));
	r = (struct rlimit){128, 128};
	check("raise soft to hard", setrlimit(RLIMIT_NOFILE, &r));
	check("nice -1", setpriority(PRIO_PROCESS, 0, -1));
	check("nice 5", setpriority(PRIO_PROCESS, 0, 5));
	errno = 0;
	value("getpriority", getpriority(PRIO_PROCESS, 0));
	return 0;
}
