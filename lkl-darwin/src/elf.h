/* Darwin has no <elf.h>; elf-loader and the arm64 rewrite take the ELF
 * structures and constants from Linux's uapi headers, which the Darwin
 * build puts after Darwin's own (Makefile). */
#ifndef LAMINA_DARWIN_ELF_H
#define LAMINA_DARWIN_ELF_H
#include <linux/elf.h>
#include <linux/auxvec.h>
#endif
