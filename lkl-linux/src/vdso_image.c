/* The vDSO given to programs whose call sites are rewritten (glibc's, loaded
 * by its ld.so): a small ELF image made here whose functions are the init
 * host's own, entered as musl+ enters it (guest_call). The host's vDSO
 * cannot be theirs: its fallback to a system call (a CPU-time clock) traps
 * every time, outside any code a rewrite can reach. Without a vDSO, glibc
 * makes each time call a system call, and a site the rewrite cannot take
 * traps each time (5 µs): gettimeofday's in Debian 12's glibc (the bytes
 * before its mov also read as an instruction that would swallow it), and
 * any site whose mov straddles an aligned 16 bytes once a second thread
 * runs. Through this image a time call costs what musl+'s does (the host's
 * vDSO, read by the init host), and a CPU-time clock one host system call.
 *
 * ld.so takes it as it takes Linux's (rtld's setup_vdso): a PT_LOAD at
 * address 0 and a PT_DYNAMIC whose entries are offsets in the image, a SysV
 * hash, symbols of version LINUX_2.6 (Go's runtime, in a library a glibc
 * program loads, reads the version tables without looking for them: it
 * crashed on an image without), and Linux's soname, so that ldd lists it
 * as natively.
 * Symbol values are the functions' addresses less the image's: ld.so adds
 * the base back. The image is read-only; a guest that rewrites its own
 * misleads only itself. */
#include <asm/unistd.h>
#include <elf.h>
#include <stddef.h>
#include <linux/mman.h>
#include "dispatch.h"
#include "host_syscall.h"
#include "util.h"

#ifdef VDSO_CLOCK_GETTIME
/* Each function a guest call made from where glibc called it. */
static long image_clock_gettime(long clock, long ts)
{
	return guest_call(__builtin_return_address(0), __NR_clock_gettime, clock, ts, 0, 0, 0, 0);
}

static long image_gettimeofday(long tv, long tz)
{
	return guest_call(__builtin_return_address(0), __NR_gettimeofday, tv, tz, 0, 0, 0, 0);
}

static long image_time(long t)
{
	return guest_call(__builtin_return_address(0), __NR_time, t, 0, 0, 0, 0, 0);
}

static long image_clock_getres(long clock, long res)
{
	return guest_call(__builtin_return_address(0), __NR_clock_getres, clock, res, 0, 0, 0, 0);
}

static long image_getcpu(long cpu, long node, long cache)
{
	return guest_call(__builtin_return_address(0), __NR_getcpu, cpu, node, cache, 0, 0, 0);
}

static const struct {
	const char *name;
	void *fn;
} exported[] = {
	{ VDSO_CLOCK_GETTIME, image_clock_gettime },
	{ VDSO_GETTIMEOFDAY, image_gettimeofday },
	{ VDSO_TIME, image_time },
	{ VDSO_CLOCK_GETRES, image_clock_getres },
	{ VDSO_GETCPU, image_getcpu },
};
#define EXPORTED (sizeof exported / sizeof exported[0])
#define SONAME "linux-vdso.so.1"

#define VERSION "LINUX_2.6"
/* ELF's hash of the soname and of VERSION (glibc's dl_vdso_vsym asks for
 * the latter by it) */
#define SONAME_HASH 0xdeebfa1
#define VERSION_HASH 0x3ae75f6

/* The image's layout: headers, then each table at an offset of its own. */
enum {
	PHDRS_AT = sizeof(Elf64_Ehdr),
	DYNAMIC_AT = 0x100,
	DYNAMIC_ENTRIES = 10,
	HASH_AT = 0x1a0,
	VERSYM_AT = 0x1e0,
	SYMTAB_AT = 0x200,
	VERDEF_AT = 0x300,
	STRTAB_AT = 0x380,
	IMAGE_SIZE = 4096,
};
_Static_assert(PHDRS_AT + 2 * sizeof(Elf64_Phdr) <= DYNAMIC_AT, "program headers");
_Static_assert(DYNAMIC_AT + DYNAMIC_ENTRIES * sizeof(Elf64_Dyn) <= HASH_AT, "dynamic section");
_Static_assert(HASH_AT + (3 + EXPORTED + 1) * sizeof(uint32_t) <= VERSYM_AT, "hash table");
_Static_assert(VERSYM_AT + (EXPORTED + 1) * sizeof(Elf64_Half) <= SYMTAB_AT, "version of each symbol");
_Static_assert(SYMTAB_AT + (EXPORTED + 1) * sizeof(Elf64_Sym) <= VERDEF_AT, "symbol table");
_Static_assert(VERDEF_AT + 2 * (sizeof(Elf64_Verdef) + sizeof(Elf64_Verdaux)) <= STRTAB_AT, "version definitions");

static uintptr_t image;

/* Appends s to the string table at strtab (its length *len); its offset. */
static uint32_t string_add(char *strtab, uint32_t *len, const char *s)
{
	uint32_t at = *len, n = (uint32_t)str_len(s) + 1;
	memcpy(strtab + at, s, n);
	*len += n;
	return at;
}

static void image_write(unsigned char *base)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)base;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_DYN;
	eh->e_machine = VDSO_MACHINE;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = PHDRS_AT;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 2;
	eh->e_shentsize = sizeof(Elf64_Shdr);

	Elf64_Phdr *ph = (Elf64_Phdr *)(base + PHDRS_AT);
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R, .p_filesz = IMAGE_SIZE, .p_memsz = IMAGE_SIZE,
	                      .p_align = IMAGE_SIZE };
	ph[1] = (Elf64_Phdr){ .p_type = PT_DYNAMIC, .p_flags = PF_R, .p_offset = DYNAMIC_AT, .p_vaddr = DYNAMIC_AT,
	                      .p_paddr = DYNAMIC_AT, .p_filesz = DYNAMIC_ENTRIES * sizeof(Elf64_Dyn),
	                      .p_memsz = DYNAMIC_ENTRIES * sizeof(Elf64_Dyn), .p_align = 8 };

	char *strtab = (char *)base + STRTAB_AT;
	uint32_t strsz = 1; /* the empty name first */
	uint32_t soname = string_add(strtab, &strsz, SONAME);
	Elf64_Sym *sym = (Elf64_Sym *)(base + SYMTAB_AT);
	for (unsigned i = 0; i < EXPORTED; i++)
		sym[i + 1] = (Elf64_Sym){ .st_name = string_add(strtab, &strsz, exported[i].name),
		                          .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
		                          .st_value = (uintptr_t)exported[i].fn - (uintptr_t)base };

	/* the base version (the object itself), then VERSION, which every symbol has */
	uint32_t version = string_add(strtab, &strsz, VERSION);
	Elf64_Half *versym = (Elf64_Half *)(base + VERSYM_AT);
	for (unsigned i = 1; i <= EXPORTED; i++) versym[i] = 2;
	unsigned char *def = base + VERDEF_AT;
	const unsigned entry = sizeof(Elf64_Verdef) + sizeof(Elf64_Verdaux);
	*(Elf64_Verdef *)def = (Elf64_Verdef){ .vd_version = VER_DEF_CURRENT, .vd_flags = VER_FLG_BASE, .vd_ndx = 1, .vd_cnt = 1,
	                                       .vd_hash = SONAME_HASH, .vd_aux = sizeof(Elf64_Verdef), .vd_next = entry };
	*(Elf64_Verdaux *)(def + sizeof(Elf64_Verdef)) = (Elf64_Verdaux){ .vda_name = soname };
	*(Elf64_Verdef *)(def + entry) = (Elf64_Verdef){ .vd_version = VER_DEF_CURRENT, .vd_ndx = 2, .vd_cnt = 1,
	                                               .vd_hash = VERSION_HASH, .vd_aux = sizeof(Elf64_Verdef) };
	*(Elf64_Verdaux *)(def + entry + sizeof(Elf64_Verdef)) = (Elf64_Verdaux){ .vda_name = version };

	/* one bucket, the symbols chained in order */
	uint32_t *hash = (uint32_t *)(base + HASH_AT);
	hash[0] = 1;
	hash[1] = EXPORTED + 1;
	hash[2] = 1;
	for (unsigned i = 1; i <= EXPORTED; i++) hash[3 + i] = i < EXPORTED ? i + 1 : 0;

	Elf64_Dyn *dyn = (Elf64_Dyn *)(base + DYNAMIC_AT);
	const Elf64_Dyn entries[DYNAMIC_ENTRIES] = {
		{ DT_HASH, { HASH_AT } },     { DT_STRTAB, { STRTAB_AT } },         { DT_SYMTAB, { SYMTAB_AT } },
		{ DT_STRSZ, { strsz } },      { DT_SYMENT, { sizeof(Elf64_Sym) } }, { DT_SONAME, { soname } },
		{ DT_VERSYM, { VERSYM_AT } }, { DT_VERDEF, { VERDEF_AT } },         { DT_VERDEFNUM, { 2 } },
		{ DT_NULL, { 0 } },
	};
	memcpy(dyn, entries, sizeof entries);
}

uintptr_t vdso_image(void)
{
	if (image) return image;
	long at = host_syscall6(__NR_mmap, 0, IMAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host_is_error(at)) return 0;
	image_write((unsigned char *)at);
	host_syscall3(__NR_mprotect, at, IMAGE_SIZE, PROT_READ);
	return image = (uintptr_t)at;
}
#else
uintptr_t vdso_image(void) { return 0; }
#endif
