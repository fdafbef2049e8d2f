/* /proc/self/cwd and /proc/self/root. */
#include "../conf.h"
int main(void)
{
	mkdir("here", 0755);
	chdir("here");
	char buf[256] = {0};
	readlink("/proc/self/cwd", buf, sizeof buf - 1);
	printf("cwd: %s\n", buf);
	memset(buf, 0, sizeof buf);
	readlink("/proc/self/root", buf, sizeof buf - 1);
	printf("root: %s\n", buf);
	check("open through cwd link", open("/proc/self/cwd/.", O_RDONLY | O_DIRECTORY));
	return 0;
}
