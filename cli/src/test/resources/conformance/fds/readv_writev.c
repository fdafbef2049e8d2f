/* readv and writev gather and scatter in order; preadv and pwritev at offsets. */
#include "../conf.h"
int main(void)
{
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	struct iovec w[3] = {{"ab", 2}, {"", 0}, {"cde", 3}};
	value("writev", writev(fd, w, 3));
	char x[2], y[4] = {0};
	struct iovec r[2] = {{x, 2}, {y, 3}};
	value("preadv at 0", preadv(fd, r, 2, 0));
	printf("x=%.2s y=%s\n", x, y);
	struct iovec z = {"ZZ", 2};
	value("pwritev at 1", pwritev(fd, &z, 1, 1));
	value("readv at eof", readv(fd, r, 2));
	value("writev bad count", writev(fd, w, -1));
	return 0;
}
