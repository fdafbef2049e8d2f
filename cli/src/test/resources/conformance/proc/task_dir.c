/* /proc/self/task/TID/stat for the main thread names the process. */
#include "../conf.h"
#include "procfile.h"
int main(void)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", getpid());
	char *s = slurp(path);
	yes("opens", s != NULL);
	yes("starts with the pid", s && atoi(s) == getpid());
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", getpid(), getpid());
	s = slurp(path);
	printf("comm: %s", s ? s : "none\n");
	return 0;
}
