/* memfd_create: a file in memory, mapped, sealed against growth. */
#include "../conf.h"
#ifndef MFD_ALLOW_SEALING
#define MFD_ALLOW_SEALING 2
#endif
int main(void)
{
	int fd = check("memfd_create", syscall(SYS_memfd_create, "conf", MFD_ALLOW_SEALING));
	check("ftruncate", ftruncate(fd, 4096));
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(p, "in memfd");
	char buf[16] = {0};
	pread(fd, buf, 15, 0);
	printf("read: %s\n", buf);
	char link[64] = {0}, path[32];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink(path, link, sizeof link - 1);
	printf("link: %s\n", link);
	check("F_ADD_SEALS grow", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	check("ftruncate bigger", ftruncate(fd, 8192));
	value("F_GET_SEALS", fcntl(fd, F_GET_SEALS));
	return 0;
}
