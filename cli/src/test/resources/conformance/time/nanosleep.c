/* nanosleep sleeps at least as asked; bad values are EINVAL. */
#include "../conf.h"
static long long ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000LL + t.tv_nsec / 1000000; }
int main(void)
{
	long long a = ms();
	check("50 ms", nanosleep(&(struct timespec){0, 50000000}, NULL));
	long long d = ms() - a;
	yes("slept >= 50 ms", d >= 50);
	yes("slept < 2 s", d < 2000);
	check("negative", nanosleep(&(struct timespec){-1, 0}, NULL));
	check("nsec too big", nanosleep(&(struct timespec){0, 1000000000}, NULL));
	check("zero", nanosleep(&(struct timespec){0, 0}, NULL));
	a = ms();
	usleep(20000);
	yes("usleep >= 20 ms", ms() - a >= 20);
	return 0;
}
