/* Runs elf_check on a file's first 64 KiB and prints its verdict: the
 * elf-loader tests compare these lines with what they expect. */
#include <stdio.h>
#include "elf_loader.h"

int main(int argc, char **argv)
{
	static uint8_t buf[64 * 1024];
	if (argc != 2) {
		fprintf(stderr, "usage: elf_check_cli FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct elf_info info;
	char err[ELF_ERROR_MAX];
	if (elf_check(buf, n, &info, err)) {
		printf("error: %s\n", err);
		return 1;
	}
	printf("ok type=%s interp=%s\n", info.ehdr.e_type == ET_DYN ? "dyn" : "exec",
	       info.interp[0] ? info.interp : "-");
	return 0;
}
