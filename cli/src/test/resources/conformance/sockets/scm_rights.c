/* SCM_RIGHTS passes a descriptor: the receiver reads the same file. */
#include "../conf.h"
int main(void)
{
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	put("f", "passed file");
	int fd = open("f", O_RDONLY);
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {"x", 1};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	value("sendmsg", sendmsg(s[0], &m, 0));
	close(fd);
	char rbuf[CMSG_SPACE(sizeof(int))] = {0}, d;
	struct iovec riov = {&d, 1};
	struct msghdr r = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = rbuf, .msg_controllen = sizeof rbuf};
	value("recvmsg", recvmsg(s[1], &r, 0));
	c = CMSG_FIRSTHDR(&r);
	yes("SCM_RIGHTS", c && c->cmsg_type == SCM_RIGHTS);
	int got;
	memcpy(&got, CMSG_DATA(c), sizeof got);
	char buf[16] = {0};
	value("read through it", read(got, buf, 15));
	printf("got %s\n", buf);
	return 0;
}
