/* /proc/self/limits shows the soft limit set by setrlimit. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = 77;
	setrlimit(RLIMIT_NOFILE, &r);
	char *s = slurp("/proc/self/limits");
	if (!s) { printf("open: %s\n", errname(errno)); return 0; }
	char *l = strstr(s, "Max open files");
	long soft = l ? strtol(l + 26, NULL, 10) : -1;
	value("Max open files soft", soft);
	yes("header", !strncmp(s, "Limit", 5));
	return 0;
}
