/* A file made with O_CREAT: written, read back from the start, its size. */
#include "../conf.h"
int main(void)
{
	char buf[16] = {0};
	int fd = check("open O_CREAT", open("f", O_RDWR | O_CREAT, 0644));
	value("write", write(fd, "hello", 5));
	value("lseek 0", lseek(fd, 0, SEEK_SET));
	value("read", read(fd, buf, sizeof buf));
	printf("content: %s\n", buf);
	struct stat st;
	check("fstat", fstat(fd, &st));
	value("size", st.st_size);
	yes("regular", S_ISREG(st.st_mode));
	return 0;
}
