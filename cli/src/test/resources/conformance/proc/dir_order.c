/* The kernel's own directories list "." and ".." first, as Linux's pseudo
 * file systems do (procps's sysctl skips the first two entries unread), a
 * process's descriptors by number (lsof's order); the order stays right
 * across a listing cut into small reads. */
#include "../conf.h"
static void first_two(const char *path)
{
	DIR *d = opendir(path);
	if (!d) { printf("%s: %s\n", path, errname(errno)); return; }
	struct dirent *a = readdir(d), *b = a ? readdir(d) : 0;
	printf("%s: %s %s\n", path, a ? a->d_name : "-", b ? b->d_name : "-");
	closedir(d);
}
int main(void)
{
	first_two("/proc/sys");
	first_two("/proc/sys/kernel");
	first_two("/proc/sys/kernel/random");
	first_two("/proc/self");
	first_two("/proc/self/fd");
	first_two("/dev/pts");
	/* not /dev: the native run's is a directory of its root's disk, Docker's a tmpfs ("." and ".." first) */
	must("dup2", dup2(1, 7));
	must("dup2", dup2(1, 5));
	int fd = must("open", open("/proc/self/fd", O_RDONLY | O_DIRECTORY));
	char buf[64], own[16]; /* two or three entries a read */
	snprintf(own, sizeof own, "%d", fd);
	long n;
	printf("fd listing:");
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (long at = 0; at < n;) {
			unsigned short reclen; /* linux_dirent64: d_reclen at 16, d_name at 19 */
			memcpy(&reclen, buf + at + 16, sizeof reclen);
			const char *name = buf + at + 19;
			if (strcmp(name, own)) printf(" %s", name); /* not the listing's own descriptor */
			at += reclen;
		}
	printf("\n");
	return 0;
}
