/* FIONREAD counts the bytes waiting in a pipe. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	int n = -1;
	check("FIONREAD empty", ioctl(p[0], FIONREAD, &n));
	value("bytes", n);
	write(p[1], "12345", 5);
	ioctl(p[0], FIONREAD, &n);
	value("bytes", n);
	return 0;
}
