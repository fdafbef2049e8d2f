/* ttyname of the slave is its ptsname; of a pipe, ENOTTY. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	char *n = ttyname(s);
	yes("ttyname == ptsname", n && !strcmp(n, ptsname(m)));
	int p[2];
	pipe(p);
	n = ttyname(p[0]);
	printf("pipe: %s\n", n ? n : errname(errno));
	return 0;
}
