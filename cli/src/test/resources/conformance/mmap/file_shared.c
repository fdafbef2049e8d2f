/* A shared file mapping: stores reach the file, and writes to the file show in the mapping. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int fd = open("f", O_RDWR);
	char *p = mmap(NULL, 10, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	yes("mapped", p != MAP_FAILED);
	p[0] = 'A';
	check("msync", msync(p, 10, MS_SYNC));
	char buf[11] = {0};
	pread(fd, buf, 10, 0);
	printf("file: %s\n", buf);
	pwrite(fd, "Z", 1, 9);
	printf("mapping sees: %c\n", p[9]);
	return 0;
}
