/* MSG_PEEK leaves data; MSG_DONTWAIT on empty is EAGAIN; MSG_WAITALL waits for all. */
#include "../conf.h"
int main(void)
{
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	char buf[8] = {0};
	value("DONTWAIT empty", recv(s[1], buf, 8, MSG_DONTWAIT));
	write(s[0], "peek", 4);
	value("peek", recv(s[1], buf, 8, MSG_PEEK));
	value("then read", recv(s[1], buf, 8, 0));
	if (fork() == 0) {
		write(s[0], "ab", 2);
		usleep(50000);
		write(s[0], "cd", 2);
		_exit(0);
	}
	memset(buf, 0, sizeof buf);
	value("WAITALL", recv(s[1], buf, 4, MSG_WAITALL));
	printf("got %s\n", buf);
	wait(NULL);
	return 0;
}
