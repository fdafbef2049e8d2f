/* /proc's links report Linux's sizes (0, a descriptor's 64), not their
 * targets' lengths; a /proc file lists no extended attributes (0, never
 * ENODATA); wchan and personality read as Linux's. */
#include "../conf.h"
#include <sys/xattr.h>
static void size(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) printf("%s: %s\n", path, errname(errno));
	else printf("%s: %lld\n", path, (long long)st.st_size);
}
static void show(const char *path)
{
	char buf[64] = {0};
	int fd = open(path, O_RDONLY);
	if (fd < 0) { printf("%s: %s\n", path, errname(errno)); return; }
	long n = read(fd, buf, sizeof buf - 1);
	close(fd);
	printf("%s: %ld [%s]\n", path, n, buf);
}
int main(void)
{
	size("/proc/self");
	size("/proc/thread-self");
	size("/proc/self/cwd");
	size("/proc/self/exe");
	size("/proc/self/root");
	size("/proc/self/fd/0");
	long n = listxattr("/proc/self/status", 0, 0);
	printf("listxattr: %s\n", n < 0 ? errname(errno) : n == 0 ? "none" : "some");
	show("/proc/self/personality");
	char list[256];
	n = listxattr("/dev/null", list, sizeof list);
	printf("listxattr /dev/null: %s\n", n < 0 ? errname(errno) : n == 0 ? "none" : "some");
	return 0;
}
