/* shm_open makes a shared object under /dev/shm, shared with a child through mmap. */
#include "../conf.h"
int main(void)
{
	int fd = check("shm_open", shm_open("/conf-shm", O_RDWR | O_CREAT | O_EXCL, 0600));
	ftruncate(fd, 4096);
	yes("in /dev/shm", access("/dev/shm/conf-shm", F_OK) == 0);
	int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fork() == 0) {
		int f2 = shm_open("/conf-shm", O_RDWR, 0);
		int *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f2, 0);
		*q = 42;
		_exit(0);
	}
	wait(NULL);
	value("seen", *p);
	check("shm_unlink", shm_unlink("/conf-shm"));
	check("shm_open gone", shm_open("/conf-shm", O_RDWR, 0));
	return 0;
}
