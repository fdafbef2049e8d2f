/* /proc/sys/kernel files: ostype, hostname, pid_max, ngroups_max. */
#include <sys/utsname.h>
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char *s = slurp("/proc/sys/kernel/ostype");
	printf("ostype: %s", s ? s : "none\n");
	s = slurp("/proc/sys/kernel/hostname");
	printf("hostname: %s", s ? s : "none\n");
	s = slurp("/proc/sys/kernel/ngroups_max");
	printf("ngroups_max: %s", s ? s : "none\n");
	s = slurp("/proc/sys/kernel/pid_max");
	yes("pid_max > 0", s && atol(s) > 0);
	struct utsname u;
	uname(&u);
	s = slurp("/proc/sys/kernel/osrelease");
	yes("osrelease == uname -r", s && !strncmp(s, u.release, strlen(u.release)));
	return 0;
}
