/* A pipe's reader sees EOF only when every duplicate of the writer is closed. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	int w2 = dup(p[1]);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	char c;
	check("read with a writer left", read(p[0], &c, 1));
	close(w2);
	value("read with none", read(p[0], &c, 1));
	return 0;
}
