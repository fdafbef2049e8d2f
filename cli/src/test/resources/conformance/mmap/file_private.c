/* A private file mapping: stores stay in the process. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int fd = open("f", O_RDONLY);
	char *p = mmap(NULL, 10, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	yes("mapped (read-only fd, private)", p != MAP_FAILED);
	p[0] = 'A';
	char buf[11] = {0};
	pread(fd, buf, 10, 0);
	printf("file: %s mapping: %.10s\n", buf, p);
	yes("shared writable on read-only fd refused", mmap(NULL, 10, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
	printf("errno: %s\n", errname(errno));
	int w = open("f", O_WRONLY);
	yes("map of write-only fd refused", mmap(NULL, 10, PROT_READ, MAP_PRIVATE, w, 0) == MAP_FAILED);
	printf("errno: %s\n", errname(errno));
	return 0;
}
