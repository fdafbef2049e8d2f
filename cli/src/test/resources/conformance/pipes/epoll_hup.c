/* epoll reports EPOLLHUP when a pipe's writer goes, EPOLLERR when its reader goes. */
#include "../conf.h"
int main(void)
{
	int ep = epoll_create1(0);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	ev = (struct epoll_event){.events = EPOLLOUT, .data.u32 = 2};
	epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev);
	close(p[1]);
	close(q[0]);
	struct epoll_event out[4];
	int n = value("events", epoll_wait(ep, out, 4, 0));
	for (int i = 1; i <= 2; i++)
		for (int j = 0; j < n; j++)
			if (out[j].data.u32 == (unsigned)i)
				printf("%d: HUP %s ERR %s\n", i, out[j].events & EPOLLHUP ? "yes" : "no", out[j].events & EPOLLERR ? "yes" : "no");
	return 0;
}
