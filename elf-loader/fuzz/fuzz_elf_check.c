/* libFuzzer target: elf_check, elf_check_extent and elf_headers_size must
 * never crash or read out of bounds, whatever the bytes; the input is the
 * whole file. */
#include <stddef.h>
#include <stdint.h>
#include "elf_loader.h"

static const uint8_t *file;
static size_t file_size;

long elf_host_pread(int fd, void *buf, size_t len, uint64_t off)
{
	(void)fd;
	if (off >= file_size) return 0;
	size_t n = len < file_size - off ? len : file_size - off;
	for (size_t i = 0; i < n; i++) ((uint8_t *)buf)[i] = file[off + i];
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info info;
	char err[ELF_ERROR_MAX];
	file = data;
	file_size = size;
	elf_headers_size(data, size);
	if (elf_check(data, size, &info, err) == 0) elf_check_extent(-1, &info, err);
	return 0;
}
