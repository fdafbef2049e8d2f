/* Setting a clock that cannot be set is EINVAL; as a user, setting the time is EPERM. */
#include "../conf.h"
int main(void)
{
	struct timespec t = {1000, 0};
	check("set MONOTONIC", clock_settime(CLOCK_MONOTONIC, &t));
	if (fork() == 0) {
		setuid(1000);
		check("user sets REALTIME", clock_settime(CLOCK_REALTIME, &t));
		struct timeval tv = {1000, 0};
		check("user settimeofday", settimeofday(&tv, NULL));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
