/* F_DUPFD returns the lowest free descriptor at or above its argument. */
#include "../conf.h"
int main(void)
{
	value("F_DUPFD 10", fcntl(0, F_DUPFD, 10));
	value("F_DUPFD 10 again", fcntl(0, F_DUPFD, 10));
	value("F_DUPFD 0", fcntl(0, F_DUPFD, 0));
	value("F_DUPFD -1", fcntl(0, F_DUPFD, -1));
	return 0;
}
