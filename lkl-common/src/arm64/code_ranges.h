/* Where a file's code is: the rewrite (rewrite.h) must touch instructions
 * only, and a code segment often holds read-only data too (.rodata, which
 * may hold a word that reads as svc: libcrypto's does). */
#ifndef ARM64_CODE_RANGES_H
#define ARM64_CODE_RANGES_H

#include <stddef.h>
#include <stdint.h>
#include <elf.h>

/* At most this many section headers are read; a file with more counts as
 * having none (all of a mapping is then taken as code). */
#define ARM64_SECTIONS_MAX 64

/* The parts of the file range [off, off + len) that the executable sections
 * (SHF_EXECINSTR) hold, as file offsets in ranges[i][0..1), at most cap;
 * returns how many. */
size_t arm64_code_ranges(const Elf64_Shdr *sh, size_t nsh, uint64_t off, uint64_t len, uint64_t ranges[][2], size_t cap);

#endif
