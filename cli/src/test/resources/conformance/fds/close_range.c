/* close_range closes a range, or marks it close-on-exec. */
#include "../conf.h"
int main(void)
{
	for (int i = 0; i < 5; i++) open("/dev/null", O_RDONLY);
	check("CLOSE_RANGE_CLOEXEC 3-4", syscall(SYS_close_range, 3, 4, 4));
	value("3 cloexec", fcntl(3, F_GETFD));
	check("close 5-max", syscall(SYS_close_range, 5, ~0U, 0));
	check("fcntl 5", fcntl(5, F_GETFD));
	check("fcntl 4", fcntl(4, F_GETFD));
	check("first above last", syscall(SYS_close_range, 9, 3, 0));
	return 0;
}
