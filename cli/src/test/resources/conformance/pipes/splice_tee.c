/* splice moves pipe data to a file; tee copies between pipes. */
#include "../conf.h"
int main(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(p[1], "spliced", 7);
	value("tee", tee(p[0], q[1], 7, 0));
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	value("splice to file", splice(p[0], NULL, fd, NULL, 7, 0));
	char buf[16] = {0};
	pread(fd, buf, 15, 0);
	printf("file: %s\n", buf);
	memset(buf, 0, sizeof buf);
	read(q[0], buf, 15);
	printf("tee'd: %s\n", buf);
	value("splice file to file", splice(fd, NULL, open("g", O_WRONLY | O_CREAT, 0644), NULL, 7, 0));
	return 0;
}
