/* truncate of what is not a regular file: a FIFO is EINVAL at once (never
 * opened, which would wait for a reader), by name and through its
 * /proc/self/fd link; a directory EISDIR. */
#include "../conf.h"
int main(void)
{
	unlink("fifo");
	rmdir("dir");
	must("mkfifo", mkfifo("fifo", 0666));
	must("mkdir", mkdir("dir", 0777));
	alarm(10); /* a truncate that waits for a reader ends the program */
	check("truncate a FIFO", truncate("fifo", 0));
	int fd = must("open", open("fifo", O_RDONLY | O_NONBLOCK));
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	check("truncate a FIFO through /proc/self/fd", truncate(link, 0));
	check("truncate a directory", truncate("dir", 0));
	close(fd);
	unlink("fifo");
	rmdir("dir");
	return 0;
}
