/* /proc/meminfo has MemTotal, MemFree and MemAvailable, in kB, sensible. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/meminfo");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	long total = field(s, "MemTotal"), fr = field(s, "MemFree"), av = field(s, "MemAvailable");
	yes("MemTotal > 0", total > 0);
	yes("MemFree <= MemTotal", fr >= 0 && fr <= total);
	yes("MemAvailable <= MemTotal", av >= 0 && av <= total);
	yes("kB", strstr(s, " kB\n") != NULL);
	return 0;
}
