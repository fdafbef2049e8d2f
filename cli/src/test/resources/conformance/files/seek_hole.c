/* lseek's SEEK_END and its refusals; SEEK_DATA past the end. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int fd = must("open", open("f", O_RDONLY));
	value("SEEK_END -3", lseek(fd, -3, SEEK_END));
	value("SEEK_CUR +1", lseek(fd, 1, SEEK_CUR));
	value("SEEK_SET -1", lseek(fd, -1, SEEK_SET));
	value("past end", lseek(fd, 100, SEEK_SET));
	value("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
	value("SEEK_DATA past end", lseek(fd, 11, SEEK_DATA));
	value("SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
	value("bad whence", lseek(fd, 0, 42));
	return 0;
}
