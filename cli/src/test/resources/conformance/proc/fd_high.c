/* /proc/self/fd shows a descriptor numbered past 1024 (the limit raised), and it opens again there. */
#include "../conf.h"
int main(void)
{
	struct rlimit r = {2048, 2048};
	check("a limit of 2048", setrlimit(RLIMIT_NOFILE, &r));
	put("file", "high\n");
	int fd = open("file", O_RDONLY);
	check("dup2 to 1500", dup2(fd, 1500));
	DIR *d = opendir("/proc/self/fd");
	int listed = 0;
	for (struct dirent *e; d && (e = readdir(d));) listed |= !strcmp(e->d_name, "1500");
	if (d) closedir(d);
	yes("listed", listed);
	char a[PATH_MAX] = {0}, b[PATH_MAX] = {0};
	readlink("/proc/self/fd/1500", a, sizeof a - 1);
	readlink("/proc/self/fd/3", b, sizeof b - 1);
	yes("the same file as its first descriptor", a[0] && !strcmp(a, b));
	int again = open("/proc/self/fd/1500", O_RDONLY);
	char buf[8] = {0};
	yes("opens again", again >= 0 && read(again, buf, 5) == 5 && !strcmp(buf, "high\n"));
	return 0;
}
