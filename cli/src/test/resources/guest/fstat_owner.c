/* Prints the owner fstat(2) reports for a file: the init host's local path. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	struct stat st;
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror("fstat-owner");
		return 1;
	}
	printf("%u:%u\n", (unsigned)st.st_uid, (unsigned)st.st_gid);
	return 0;
}
