#include "elf_loader.h"

/* One page first: the headers nearly always fit in it, and every page of the
 * caller's buffer a read fills is a page fault in a fresh init host. */
#define ELF_FIRST_READ 4096

long elf_read_headers(int fd, uint8_t *buf, size_t cap)
{
	size_t first = cap < ELF_FIRST_READ ? cap : ELF_FIRST_READ;
	long n = elf_host_pread(fd, buf, first, 0);
	if (n == (long)first && first < cap && elf_headers_size(buf, (size_t)n) > (size_t)n)
		n = elf_host_pread(fd, buf, cap, 0);
	return n;
}
