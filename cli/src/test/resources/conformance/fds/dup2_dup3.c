/* dup2 onto itself, onto an open target, and dup3's refusals. */
#include "../conf.h"
int main(void)
{
	int fd = open("/dev/null", O_RDONLY);
	value("dup2 same", dup2(fd, fd));
	value("dup3 same", dup3(fd, fd, 0));
	value("dup2 to 10", dup2(fd, 10));
	value("dup2 over 10", dup2(1, 10));
	value("dup3 cloexec to 11", dup3(fd, 11, O_CLOEXEC));
	value("11 FD_CLOEXEC", fcntl(11, F_GETFD) & FD_CLOEXEC);
	value("dup3 bad flag", dup3(fd, 12, O_NONBLOCK));
	value("dup2 bad source", dup2(99, 12));
	value("dup2 to -1", dup2(fd, -1));
	value("dup2 to a huge number", dup2(fd, 1 << 30));
	return 0;
}
