/* pipe2's O_NONBLOCK and O_CLOEXEC. */
#include "../conf.h"
int main(void)
{
	int p[2];
	check("pipe2", pipe2(p, O_NONBLOCK | O_CLOEXEC));
	char c;
	check("read empty", read(p[0], &c, 1));
	value("cloexec", fcntl(p[0], F_GETFD));
	yes("nonblock", fcntl(p[1], F_GETFL) & O_NONBLOCK);
	check("bad flag", pipe2(p, O_APPEND));
	return 0;
}
