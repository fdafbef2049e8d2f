/* close of a closed or invalid descriptor is EBADF; reads of one too. */
#include "../conf.h"
int main(void)
{
	int fd = open("/dev/null", O_RDONLY);
	check("close", close(fd));
	check("close again", close(fd));
	check("close -1", close(-1));
	char c;
	check("read closed", read(fd, &c, 1));
	check("write to a read-only fd", write(open("/dev/null", O_RDONLY), "x", 1));
	check("read from a write-only fd", read(open("/dev/null", O_WRONLY), &c, 1));
	return 0;
}
