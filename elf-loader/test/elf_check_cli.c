/* Runs elf_check on the start of a file as the init host reads it
 * (elf_read_headers, up to 64 KiB), then elf_check_extent on the whole file, and prints the verdict: the elf-loader tests compare these
 * lines with what they expect. */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "elf_loader.h"

long elf_host_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return pread(fd, buf, len, (off_t)off);
}

int main(int argc, char **argv)
{
	static uint8_t buf[64 * 1024];
	if (argc != 2) {
		fprintf(stderr, "usage: elf_check_cli FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	long n = fd < 0 ? -1 : elf_read_headers(fd, buf, sizeof buf);
	if (n < 0) {
		perror(argv[1]);
		return 2;
	}
	struct elf_info info;
	char err[ELF_ERROR_MAX];
	int bad = elf_check(buf, (size_t)n, &info, err) || elf_check_extent(fd, &info, err);
	close(fd);
	if (bad) {
		printf("error: %s\n", err);
		return 1;
	}
	printf("ok type=%s interp=%s%s\n", info.ehdr.e_type == ET_DYN ? "dyn" : "exec",
	       info.interp[0] ? info.interp : "-", info.go ? " go" : "");
	return 0;
}
