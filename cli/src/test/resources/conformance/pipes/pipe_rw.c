/* A pipe carries bytes in order; a read takes what is there. */
#include "../conf.h"
int main(void)
{
	int p[2];
	check("pipe", pipe(p));
	value("write", write(p[1], "hello", 5));
	value("write", write(p[1], " world", 6));
	char buf[32] = {0};
	value("read", read(p[0], buf, sizeof buf));
	printf("got: %s\n", buf);
	check("write to read end", write(p[0], "x", 1));
	return 0;
}
