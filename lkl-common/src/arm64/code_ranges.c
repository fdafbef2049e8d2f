#include "code_ranges.h"

size_t arm64_code_ranges(const Elf64_Shdr *sh, size_t nsh, uint64_t off, uint64_t len, uint64_t ranges[][2], size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < nsh && n < cap; i++) {
		if (!(sh[i].sh_flags & SHF_EXECINSTR) || sh[i].sh_type == SHT_NOBITS) continue;
		uint64_t lo = sh[i].sh_offset > off ? sh[i].sh_offset : off;
		uint64_t end = sh[i].sh_offset + sh[i].sh_size, hi = end < off + len ? end : off + len;
		if (lo >= hi) continue;
		ranges[n][0] = lo & ~3ull;
		ranges[n][1] = hi;
		n++;
	}
	return n;
}
