/* /proc/self/fd lists the open descriptors; /proc/PID/fd of a child. */
#include "../conf.h"
static void list(const char *label, const char *path)
{
	DIR *d = opendir(path);
	int fd = dirfd(d);
	printf("%s:", label);
	for (int i = 0; i < 16; i++) {
		char name[8];
		snprintf(name, sizeof name, "%d", i);
		struct stat st;
		if (i != fd && fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0) printf(" %d", i);
	}
	printf("\n");
	closedir(d);
}
int main(void)
{
	open("/dev/null", O_RDONLY);
	dup2(0, 9);
	list("/proc/self/fd", "/proc/self/fd");
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char x;
		read(p[0], &x, 1);
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", c);
	list("the child's", path);
	write(p[1], "x", 1);
	wait(NULL);
	return 0;
}
