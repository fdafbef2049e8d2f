/* epoll: add, wait with the data given, modify, delete, refusals. */
#include "../conf.h"
int main(void)
{
	int ep = check("epoll_create1", epoll_create1(EPOLL_CLOEXEC));
	int p[2];
	pipe(p);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42};
	check("add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	check("add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	struct epoll_event out[4];
	value("wait empty", epoll_wait(ep, out, 4, 0));
	write(p[1], "x", 1);
	value("wait", epoll_wait(ep, out, 4, 0));
	printf("data %llu events IN: %s\n", (unsigned long long)out[0].data.u64, out[0].events == EPOLLIN ? "yes" : "no");
	ev.events = EPOLLOUT;
	check("mod", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	value("wait after mod", epoll_wait(ep, out, 4, 0));
	check("del", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	check("del again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	put("f", "x");
	check("add a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, open("f", O_RDONLY), &ev));
	check("add itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	value("wait bad max", epoll_wait(ep, out, 0, 0));
	return 0;
}
