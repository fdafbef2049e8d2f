/* pread and pwrite leave the file offset alone. */
#include "../conf.h"
int main(void)
{
	int fd = must("open", open("f", O_RDWR | O_CREAT, 0644));
	value("write", write(fd, "0123456789", 10));
	value("pwrite at 2", pwrite(fd, "ab", 2, 2));
	value("offset", lseek(fd, 0, SEEK_CUR));
	char buf[4] = {0};
	value("pread at 1", pread(fd, buf, 3, 1));
	printf("got: %s\n", buf);
	value("offset", lseek(fd, 0, SEEK_CUR));
	value("pwrite at -1", pwrite(fd, "x", 1, -1));
	value("pwrite past end", pwrite(fd, "z", 1, 20));
	struct stat st;
	fstat(fd, &st);
	value("size", st.st_size);
	return 0;
}
