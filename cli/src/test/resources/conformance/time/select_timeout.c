/* poll, select and epoll_wait with a timeout wait about that long. */
#include "../conf.h"
static long long ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000LL + t.tv_nsec / 1000000; }
int main(void)
{
	long long a = ms();
	value("poll", poll(NULL, 0, 30));
	yes("poll waited >= 30 ms", ms() - a >= 30);
	a = ms();
	struct timeval tv = {0, 30000};
	value("select", select(0, NULL, NULL, NULL, &tv));
	yes("select waited >= 30 ms", ms() - a >= 29);
	int ep = epoll_create1(0);
	struct epoll_event ev;
	a = ms();
	value("epoll_wait", epoll_wait(ep, &ev, 1, 30));
	yes("epoll_wait waited >= 30 ms", ms() - a >= 29);
	return 0;
}
