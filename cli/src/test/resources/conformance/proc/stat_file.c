/* /proc/stat has a cpu line, one per processor, and btime. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/stat");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	yes("cpu line first", !strncmp(s, "cpu ", 4));
	int n = 0;
	for (char *l = s; (l = strstr(l, "\ncpu")); l++) if (l[4] >= '0' && l[4] <= '9') n++;
	yes("one per processor", n == sysconf(_SC_NPROCESSORS_ONLN));
	yes("btime", strstr(s, "\nbtime ") != NULL);
	yes("processes", strstr(s, "\nprocesses ") != NULL);
	return 0;
}
