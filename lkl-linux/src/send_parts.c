/* What a send call sends, whichever call it is: write, writev, sendto or
 * sendmsg (the kernel answers sends for the sockets it holds: netlink.c,
 * unix_dgram.c). */
#include <asm/unistd.h>
#include "dispatch.h"

void send_parts(long nr, const long args[6], struct send_parts *p)
{
	*p = (struct send_parts){ .one = { (void *)args[1], (unsigned long)args[2] } };
	p->iov = &p->one;
	p->n = 1;
	if (nr == __NR_sendmsg) {
		const struct lx_msghdr *m = (const void *)args[1];
		p->iov = m->iov;
		p->n = m->iovlen;
		p->to = m->name;
		p->to_len = m->namelen;
		p->control_len = m->controllen;
		p->flags = args[2];
	} else if (nr == __NR_sendto) {
		p->to = (const void *)args[4];
		p->to_len = args[5];
		p->flags = args[3];
	} else if (nr == __NR_writev) {
		p->iov = (const void *)args[1];
		p->n = (unsigned long)args[2];
	}
	if (!p->to || p->to_len <= 0) p->to_len = 0;
}
