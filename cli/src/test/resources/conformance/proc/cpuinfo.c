/* /proc/cpuinfo lists as many processors as sysconf reports online. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/cpuinfo");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	int n = 0;
	for (char *l = s; (l = strstr(l, "processor\t:")); l++) n++;
	yes("== _SC_NPROCESSORS_ONLN", n == sysconf(_SC_NPROCESSORS_ONLN));
	cpu_set_t set;
	sched_getaffinity(0, sizeof set, &set);
	yes("== sched_getaffinity count", n == CPU_COUNT(&set));
	yes("has flags", strstr(s, "\nflags\t") != NULL);
	return 0;
}
