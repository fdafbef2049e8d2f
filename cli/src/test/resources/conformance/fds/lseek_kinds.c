/* lseek on a pipe, a socket and a tty-less char device. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	value("pipe", lseek(p[0], 0, SEEK_CUR));
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	value("socket", lseek(s[0], 0, SEEK_CUR));
	value("/dev/null", lseek(open("/dev/null", O_RDONLY), 100, SEEK_SET));
	value("/dev/zero", lseek(open("/dev/zero", O_RDONLY), 100, SEEK_SET));
	value("directory", lseek(open(".", O_RDONLY), 0, SEEK_SET));
	return 0;
}
