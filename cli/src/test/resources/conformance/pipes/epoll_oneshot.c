/* EPOLLONESHOT disarms after one event until EPOLL_CTL_MOD. */
#include "../conf.h"
int main(void)
{
	int ep = epoll_create1(0);
	int p[2];
	pipe(p);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = 7};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	write(p[1], "x", 1);
	struct epoll_event out[2];
	value("first", epoll_wait(ep, out, 2, 0));
	value("disarmed", epoll_wait(ep, out, 2, 0));
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	value("rearmed", epoll_wait(ep, out, 2, 0));
	return 0;
}
