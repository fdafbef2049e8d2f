/* /proc/uptime's two numbers and /proc/loadavg's five fields. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/uptime");
	double up = -1, idle = -1;
	if (s) sscanf(s, "%lf %lf", &up, &idle);
	yes("uptime > 0", up > 0);
	yes("idle >= 0", idle >= 0);
	struct timespec b;
	clock_gettime(CLOCK_BOOTTIME, &b);
	yes("uptime ~ CLOCK_BOOTTIME", up - b.tv_sec < 2 && b.tv_sec - up < 2);
	s = slurp("/proc/loadavg");
	double a, c, d;
	int run, all, last;
	int n = s ? sscanf(s, "%lf %lf %lf %d/%d %d", &a, &c, &d, &run, &all, &last) : 0;
	value("loadavg fields", n);
	yes("running <= all", run <= all);
	return 0;
}
