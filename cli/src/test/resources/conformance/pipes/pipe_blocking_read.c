/* A blocked read wakes when another process writes. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	if (fork() == 0) {
		usleep(50000);
		write(p[1], "late", 4);
		_exit(0);
	}
	char buf[8] = {0};
	value("read", read(p[0], buf, 7));
	printf("got: %s\n", buf);
	wait(NULL);
	return 0;
}
