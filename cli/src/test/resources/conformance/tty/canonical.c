/* Canonical mode: the slave reads whole lines; the master reads the echo. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int s, m = must("pty", open_pty(&s));
	write(m, "hel", 3);
	fcntl(s, F_SETFL, O_NONBLOCK);
	char buf[64] = {0};
	check("read before newline", read(s, buf, sizeof buf));
	write(m, "lo\n", 3);
	usleep(20000);
	long n = value("read line", read(s, buf, sizeof buf));
	printf("line: %.*s", (int)n, buf);
	memset(buf, 0, sizeof buf);
	n = read(m, buf, sizeof buf);
	printf("echo: ");
	for (int i = 0; i < n; i++) printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("\n");
	return 0;
}
