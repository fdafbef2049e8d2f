/* FIFOs put where the Lamina kernel opens a file for a guest by name, for
 * HostileGuestTest: a FIFO opened without O_NONBLOCK waits for its other
 * end, and a kernel thread waiting in the host sees no signal. Run in a
 * writable directory; an alarm ends the program after 10 s.
 *
 * - a descriptor's file whose name was removed, another link remaining, is
 *   reopened for writing through /proc/self/fd by its old name, where a
 *   FIFO now is: refused (Linux opens the descriptor's file);
 * - truncate of a FIFO: EINVAL, never opened. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, int r)
{
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}

int main(void)
{
	alarm(10);
	unlink("a");
	unlink("b");
	int made = open("a", O_WRONLY | O_CREAT, 0644);
	if (made < 0 || link("a", "b") || close(made)) return 1;
	int held = open("a", O_RDONLY);
	if (held < 0 || unlink("a") || mkfifo("a", 0666)) return 1;
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", held);
	report("reopen for writing, a FIFO at the name", open(proc, O_WRONLY));
	report("truncate a FIFO", truncate("a", 0));
	return 0;
}
