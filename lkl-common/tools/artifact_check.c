/* Checks that a built init host is what its platform runs, by reading its
 * headers (no tool the build machine may lack):
 *
 *   artifact_check FILE PLATFORM [host-layer]
 *
 * PLATFORM: linux-x86_64, linux-aarch64, macos-arm64, macos-x86_64.
 *
 * ELF (Linux): a 64-bit little-endian executable for the machine, static
 * (no interpreter, nothing dynamic), loaded apart from fixed-address guest
 * programs (one region Syscall User Dispatch can allow): on x86-64 below
 * 0x400000, where they start; on aarch64, where they start as low as
 * 0x10000 (Go), at 64 GiB or above; with a stack that is not executable.
 *
 * Mach-O: a 64-bit PIE executable for the architecture, linked by dyld
 * against libSystem with an entry point (LC_MAIN), an LC_BUILD_VERSION for
 * macOS 11 whose SDK is below 13 (XNU zeroes x18 for binaries built with a
 * newer SDK; docs/macos.md), and on arm64 a code signature, without which
 * the kernel refuses to run it; a __PAGEZERO of 4 GiB on arm64 (XNU's
 * rule), of at most 64 KiB on x86-64 (guest memory below 4 GiB). With host-layer (macOS): the kernel's host
 * layer instead, liblamina-host: a dylib (LC_ID_DYLIB, no entry point) with
 * the same build version and signature rules, exporting host_syscall6.
 * Says what is wrong and exits 1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MH_MAGIC_64 0xfeedfacfu
#define MH_EXECUTE 2
#define MH_DYLIB 6
#define MH_PIE 0x200000u
#define CPU_ARM64 0x0100000c
#define CPU_X86_64 0x01000007
#define LC_SYMTAB 0x2
#define LC_SEGMENT_64 0x19
#define LC_LOAD_DYLIB 0xc
#define LC_ID_DYLIB 0xd
#define LC_LOAD_DYLINKER 0xe
#define LC_CODE_SIGNATURE 0x1d
#define LC_BUILD_VERSION 0x32
#define LC_MAIN 0x80000028u
#define PLATFORM_MACOS 1
#define VERSION(major, minor) ((uint32_t)(major) << 16 | (uint32_t)(minor) << 8)

static const char *file;
static int failures;

static void fail(const char *what)
{
	fprintf(stderr, "%s: %s\n", file, what);
	failures++;
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define EM_X86_64 62
#define EM_AARCH64 183
#define ET_EXEC 2
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_GNU_STACK 0x6474e551u
#define PF_X 1
#define GUEST_FIXED_BASE 0x400000u
#define AARCH64_HOST_BASE 0x1000000000ull

static uint64_t u64(const unsigned char *p) { return (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32; }

static uint16_t u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void check_elf(const unsigned char *d, size_t size, unsigned machine)
{
	if (size < 64 || memcmp(d, "\177ELF", 4) || d[4] != 2 || d[5] != 1) {
		fail("not a 64-bit little-endian ELF file");
		return;
	}
	if (u16(d + 16) != ET_EXEC) fail("not a fixed-address executable");
	if (u16(d + 18) != machine) fail(machine == EM_AARCH64 ? "not AArch64" : "not x86-64");
	uint64_t phoff = u64(d + 32);
	uint16_t phentsize = u16(d + 54), phnum = u16(d + 56);
	if (phentsize < 56 || phoff > size || (size - phoff) / phentsize < phnum) {
		fail("program headers past the end of the file");
		return;
	}
	int loads = 0, stack_seen = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const unsigned char *ph = d + phoff + (size_t)i * phentsize;
		uint32_t type = u32(ph), flags = u32(ph + 4);
		uint64_t vaddr = u64(ph + 16), memsz = u64(ph + 40);
		if (type == PT_INTERP || type == PT_DYNAMIC) fail("not static");
		if (type == PT_LOAD) {
			loads++;
			if (machine == EM_X86_64 && vaddr + memsz > GUEST_FIXED_BASE)
				fail("loaded where fixed-address guests go (0x400000 and up)");
			if (machine == EM_AARCH64 && vaddr < AARCH64_HOST_BASE)
				fail("loaded where fixed-address guests go (below 64 GiB)");
		}
		if (type == PT_GNU_STACK) {
			stack_seen = 1;
			if (flags & PF_X) fail("executable stack");
		}
	}
	if (!loads) fail("nothing to load");
	if (!stack_seen) fail("no PT_GNU_STACK (the stack would be executable)");
}

#define N_EXT 0x01
#define N_TYPE 0x0e
#define N_SECT 0x0e
#define NLIST_64_SIZE 16

/* Whether LC_SYMTAB's symbols define an external one named name. */
static int exports(const unsigned char *d, size_t size, const unsigned char *symtab, const char *name)
{
	uint32_t symoff = u32(symtab + 8), nsyms = u32(symtab + 12), stroff = u32(symtab + 16), strsize = u32(symtab + 20);
	if (symoff > size || (size - symoff) / NLIST_64_SIZE < nsyms || stroff > size || size - stroff < strsize) return 0;
	for (uint32_t i = 0; i < nsyms; i++) {
		const unsigned char *n = d + symoff + (size_t)i * NLIST_64_SIZE;
		uint32_t strx = u32(n);
		if ((n[4] & N_EXT) && (n[4] & N_TYPE) == N_SECT && strx < strsize &&
		    !strncmp((const char *)d + stroff + strx, name, strsize - strx))
			return 1;
	}
	return 0;
}

static void check_macho(const unsigned char *d, size_t size, int arm64, int host_layer)
{
	if (size < 32 || u32(d) != MH_MAGIC_64) {
		fail("not a 64-bit Mach-O file");
		return;
	}
	if (u32(d + 4) != (uint32_t)(arm64 ? CPU_ARM64 : CPU_X86_64)) fail(arm64 ? "not arm64" : "not x86-64");
	if (u32(d + 12) != (host_layer ? MH_DYLIB : MH_EXECUTE)) fail(host_layer ? "not a dynamic library" : "not an executable");
	if (!(u32(d + 24) & MH_PIE)) fail("not position-independent");
	uint32_t ncmds = u32(d + 16), sizeofcmds = u32(d + 20);
	if (32 + (size_t)sizeofcmds > size) {
		fail("load commands past the end of the file");
		return;
	}
	int main_seen = 0, dyld_seen = 0, libsystem_seen = 0, signed_seen = 0, build_seen = 0, id_seen = 0, exported = 0;
	uint64_t pagezero = 0;
	size_t at = 32, end = 32 + (size_t)sizeofcmds;
	for (uint32_t i = 0; i < ncmds; i++) {
		if (at + 8 > end || u32(d + at + 4) < 8 || at + u32(d + at + 4) > end) {
			fail("a load command runs past the others");
			return;
		}
		uint32_t cmd = u32(d + at), cmdsize = u32(d + at + 4);
		const unsigned char *c = d + at;
		switch (cmd) {
		case LC_MAIN: main_seen = 1; break;
		case LC_LOAD_DYLINKER:
			dyld_seen = cmdsize > 12 && u32(c + 8) < cmdsize &&
			            !strncmp((const char *)c + u32(c + 8), "/usr/lib/dyld", cmdsize - u32(c + 8));
			break;
		case LC_LOAD_DYLIB:
			if (cmdsize > 24 && u32(c + 8) < cmdsize &&
			    !strncmp((const char *)c + u32(c + 8), "/usr/lib/libSystem.B.dylib", cmdsize - u32(c + 8)))
				libsystem_seen = 1;
			break;
		case LC_CODE_SIGNATURE: signed_seen = 1; break;
		case LC_ID_DYLIB: id_seen = 1; break;
		case LC_SEGMENT_64:
			if (cmdsize >= 72 && !strncmp((const char *)c + 8, "__PAGEZERO", 16) && u64(c + 24) == 0) pagezero = u64(c + 32);
			break;
		case LC_SYMTAB:
			if (cmdsize >= 24) exported = exports(d, size, c, "_host_syscall6");
			break;
		case LC_BUILD_VERSION:
			if (cmdsize < 24) break;
			build_seen = 1;
			if (u32(c + 8) != PLATFORM_MACOS) fail("LC_BUILD_VERSION: not for macOS");
			if (u32(c + 12) != VERSION(11, 0)) fail("LC_BUILD_VERSION: the minimum is not macOS 11.0");
			if (u32(c + 16) >= VERSION(13, 0)) fail("LC_BUILD_VERSION: SDK 13 or later (XNU would zero x18)");
			break;
		}
		at += cmdsize;
	}
	if (host_layer) {
		if (main_seen) fail("an entry point: a program, not a library");
		if (!id_seen) fail("no LC_ID_DYLIB");
		if (!exported) fail("host_syscall6 not exported");
	} else {
		if (!main_seen) fail("no LC_MAIN entry point");
		if (!dyld_seen) fail("not loaded by /usr/lib/dyld");
		/* XNU loads an arm64 program only over a 4 GiB hard page zero; on
		 * x86-64 the guest's memory goes below 4 GiB (docs/macos.md) */
		if (arm64 && pagezero < 1ull << 32) fail("arm64 with a __PAGEZERO below 4 GiB (XNU would refuse it)");
		if (!arm64 && (pagezero == 0 || pagezero > 1u << 16))
			fail("x86-64 without a small __PAGEZERO (guest thread blocks must fit below 4 GiB)");
	}
	if (!libsystem_seen) fail("not linked against libSystem");
	if (!build_seen) fail("no LC_BUILD_VERSION");
	if (arm64 && !signed_seen) fail("arm64 without a code signature (macOS would kill it)");
}

int main(int argc, char **argv)
{
	int host_layer = argc == 4 && !strcmp(argv[3], "host-layer");
	if (argc != 3 && !host_layer) {
		fputs("usage: artifact_check FILE linux-x86_64|linux-aarch64|macos-arm64|macos-x86_64 [host-layer]\n", stderr);
		return 2;
	}
	file = argv[1];
	FILE *f = fopen(file, "rb");
	if (!f) {
		perror(file);
		return 1;
	}
	static unsigned char d[16 << 20];
	size_t size = fread(d, 1, sizeof d, f);
	fclose(f);
	if (!strcmp(argv[2], "linux-x86_64")) check_elf(d, size, EM_X86_64);
	else if (!strcmp(argv[2], "linux-aarch64")) check_elf(d, size, EM_AARCH64);
	else if (!strcmp(argv[2], "macos-arm64")) check_macho(d, size, 1, host_layer);
	else if (!strcmp(argv[2], "macos-x86_64")) check_macho(d, size, 0, host_layer);
	else {
		fprintf(stderr, "artifact_check: unknown platform %s\n", argv[2]);
		return 2;
	}
	if (!failures) printf("%s: %s%s\n", file, argv[2], host_layer ? " host layer" : "");
	return failures ? 1 : 0;
}
