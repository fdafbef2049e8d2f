/* EPOLLET reports new data once; level-triggered every time. */
#include "../conf.h"
int main(void)
{
	int ep = epoll_create1(0);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.fd = p[0]};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	ev = (struct epoll_event){.events = EPOLLIN, .data.fd = q[0]};
	epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
	write(p[1], "ab", 2);
	write(q[1], "ab", 2);
	struct epoll_event out[4];
	value("first wait", epoll_wait(ep, out, 4, 0));
	value("second wait (level only)", epoll_wait(ep, out, 4, 0));
	printf("the level one: %s\n", out[0].data.fd == q[0] ? "yes" : "no");
	write(p[1], "c", 1);
	value("after new data", epoll_wait(ep, out, 4, 0));
	return 0;
}
