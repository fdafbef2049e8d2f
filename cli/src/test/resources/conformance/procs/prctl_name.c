/* PR_SET_NAME shows in PR_GET_NAME and /proc/self/comm, cut at 15 bytes. */
#include <sys/prctl.h>
#include "../conf.h"
int main(void)
{
	check("PR_SET_NAME", prctl(PR_SET_NAME, "a-rather-long-name-indeed"));
	char name[32] = {0};
	prctl(PR_GET_NAME, name);
	printf("PR_GET_NAME: %s\n", name);
	char buf[32] = {0};
	int fd = open("/proc/self/comm", O_RDONLY);
	read(fd, buf, 31);
	printf("comm: %s", buf);
	value("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
	value("PR_GET_PDEATHSIG", (prctl(PR_GET_PDEATHSIG, (unsigned long)&fd), fd));
	return 0;
}
