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
	/* the pty hands what is typed, and its echo, on in the background
	 * (a kernel worker a loaded machine may run late): wait for the line,
	 * and read the echo up to its newline */
	struct pollfd p = {s, POLLIN, 0};
	poll(&p, 1, 5000);
	long n = value("read line", read(s, buf, sizeof buf));
	printf("line: %.*s", (int)n, buf);
	memset(buf, 0, sizeof buf);
	n = 0;
	for (long r; n < (long)sizeof buf && (n == 0 || buf[n - 1] != '\n') && (r = read(m, buf + n, sizeof buf - n)) > 0;) n += r;
	printf("echo: ");
	for (int i = 0; i < n; i++) printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("\n");
	return 0;
}
