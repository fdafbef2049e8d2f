/* A fifo: a non-blocking reader opens alone, a non-blocking writer needs a reader. */
#include "../conf.h"
int main(void)
{
	check("mkfifo", mkfifo("p", 0644));
	check("mkfifo again", mkfifo("p", 0644));
	check("writer alone, O_NONBLOCK", open("p", O_WRONLY | O_NONBLOCK));
	int r = check("reader, O_NONBLOCK", open("p", O_RDONLY | O_NONBLOCK));
	int w = check("writer with a reader", open("p", O_WRONLY | O_NONBLOCK));
	write(w, "via fifo", 8);
	char buf[16] = {0};
	value("read", read(r, buf, 15));
	printf("got: %s\n", buf);
	if (fork() == 0) {
		int w2 = open("p", O_WRONLY);
		write(w2, "blocking", 8);
		_exit(0);
	}
	int r2 = open("p", O_RDONLY);
	wait(NULL);
	memset(buf, 0, sizeof buf);
	value("blocking open pair", read(r2, buf, 15));
	printf("got: %s\n", buf);
	return 0;
}
