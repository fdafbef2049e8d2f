/* FD_CLOEXEC from O_CLOEXEC, F_DUPFD_CLOEXEC and F_SETFD. */
#include "../conf.h"
int main(void)
{
	int a = open("/dev/null", O_RDONLY | O_CLOEXEC);
	value("O_CLOEXEC", fcntl(a, F_GETFD));
	int b = open("/dev/null", O_RDONLY);
	value("plain", fcntl(b, F_GETFD));
	value("dup of cloexec", fcntl(dup(a), F_GETFD));
	value("F_DUPFD_CLOEXEC", fcntl(fcntl(b, F_DUPFD_CLOEXEC, 0), F_GETFD));
	check("F_SETFD", fcntl(b, F_SETFD, FD_CLOEXEC));
	value("after F_SETFD", fcntl(b, F_GETFD));
	value("F_GETFD bad", fcntl(77, F_GETFD));
	return 0;
}
