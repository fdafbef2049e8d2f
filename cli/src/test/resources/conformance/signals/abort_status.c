/* abort ends with SIGABRT even when it is caught (the handler returns) or blocked. */
#include "../conf.h"
static void on(int s) { (void)s; write(1, "handler ran\n", 12); }
int main(void)
{
	pid_t c = fork();
	if (c == 0) { abort(); }
	int st;
	waitpid(c, &st, 0);
	status("plain", st & 0x7f ? st & 0x7f : st);
	c = fork();
	if (c == 0) {
		signal(SIGABRT, on);
		abort();
	}
	waitpid(c, &st, 0);
	status("caught", st & 0x7f ? st & 0x7f : st);
	return 0;
}
