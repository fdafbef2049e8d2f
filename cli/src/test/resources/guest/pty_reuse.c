/* A pty the container made, then closed: the host may give its number to a
 * terminal of its own, which the container must not open.
 *
 *   pty_reuse DIR   makes a pty and prints its number, closes it, writes
 *                   DIR/closed, waits for DIR/taken (the test opens a host
 *                   pty meanwhile), then opens /dev/pts/N and prints what
 *                   that gave; also a pty it still holds, which opens. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int number(int leader)
{
	int n = -1;
	ioctl(leader, TIOCGPTN, &n);
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 2) return 2;
	char path[4096];
	int kept = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	int leader = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	if (kept < 0 || leader < 0) { perror("ptmx"); return 1; }
	int n = number(leader);
	printf("%d\n", n);
	fflush(stdout);
	close(leader);
	snprintf(path, sizeof path, "%s/closed", argv[1]);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	snprintf(path, sizeof path, "%s/taken", argv[1]);
	for (int i = 0; i < 600 && access(path, F_OK); i++) usleep(50000);
	snprintf(path, sizeof path, "/dev/pts/%d", n);
	int fd = open(path, O_RDWR | O_NOCTTY);
	printf("reused number: %s\n", fd >= 0 ? "opened" : strerror(errno));
	unlockpt(kept);
	snprintf(path, sizeof path, "/dev/pts/%d", number(kept));
	fd = open(path, O_RDWR | O_NOCTTY);
	printf("own pty: %s\n", fd >= 0 ? "opened" : strerror(errno));
	return 0;
}
