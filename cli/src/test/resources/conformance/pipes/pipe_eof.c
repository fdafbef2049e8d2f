/* With the write end closed a read returns 0 after the data. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	write(p[1], "ab", 2);
	close(p[1]);
	char buf[4];
	value("read", read(p[0], buf, 4));
	value("read at eof", read(p[0], buf, 4));
	return 0;
}
