/* A datagram socketpair keeps message boundaries; a short buffer truncates (MSG_TRUNC). */
#include "../conf.h"
int main(void)
{
	int s[2];
	check("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
	write(s[0], "first", 5);
	write(s[0], "second", 6);
	char buf[16];
	value("read 1", read(s[1], buf, 16));
	struct iovec iov = {buf, 3};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
	value("recvmsg short", recvmsg(s[1], &m, 0));
	yes("MSG_TRUNC", m.msg_flags & MSG_TRUNC);
	write(s[0], "third", 5);
	value("MSG_TRUNC flag returns real length", recv(s[1], buf, 2, MSG_TRUNC));
	check("SEQPACKET pair", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, s));
	return 0;
}
