/* elf-loader: maps an ELF program and its interpreter into the calling
 * process and builds the Linux initial stack for them.
 *
 * It makes no system calls of its own: the host that links it provides
 * the few memory and file operations declared at the end. */
#ifndef ELF_LOADER_H
#define ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include <elf.h>

#define ELF_ERROR_MAX 160
#define ELF_INTERP_MAX 256
#define ELF_PHDR_MAX 64

/* The page size the loader maps with and AT_PAGESZ says: 4096, or 16384
 * under the Apple-Silicon rules (the host sets it before elf_check). With
 * 16 KiB pages, segments that share one are refused: their protections
 * would have to merge. */
extern uint64_t elf_page;

/* What elf_check learns from a program's headers. */
struct elf_info {
	Elf64_Ehdr ehdr;
	Elf64_Phdr phdr[ELF_PHDR_MAX];
	char interp[ELF_INTERP_MAX];   /* PT_INTERP, "" when static */
	int exec_stack;                /* PT_GNU_STACK asks for PF_X */
	uint64_t tls_size;             /* PT_TLS memory size, 0 when none */
	uint64_t file_end;             /* end of the furthest PT_LOAD file range */
	int go;                        /* a Go program (a "Go" note in the headers read) */
};

/* What elf_map did: where the image landed. */
struct elf_image {
	uint64_t base;   /* load bias (0 for ET_EXEC) */
	uint64_t entry;  /* run-time entry address */
	uint64_t phdr;   /* run-time address of the program headers */
	uint16_t phnum;
	uint16_t phent;
};

/* Checks that the first len bytes of a file (all of its headers must be
 * inside) describe an x86-64 Linux program this loader can map. On
 * failure returns -1 with a one-line message in err. Pure: safe to fuzz. */
int elf_check(const uint8_t *buf, size_t len, struct elf_info *info,
              char err[ELF_ERROR_MAX]);

/* How many of a file's first bytes elf_check reads (its headers, the
 * interpreter's name, the notes), judged from the first len of them:
 * len or less when they hold it all, else more (elf_check, given that
 * many, says whether the file is sound). Pure. */
size_t elf_headers_size(const uint8_t *buf, size_t len);

/* Reads the start of the file behind fd for elf_check: one page, or up to
 * cap bytes when elf_headers_size says the headers go past it. Returns the
 * bytes read or a negative errno (elf_host_pread's). */
long elf_read_headers(int fd, uint8_t *buf, size_t cap);

/* Checks that the file behind fd holds every byte its PT_LOAD segments
 * map: a page mapped past the end of a file faults with SIGBUS when
 * touched. elf_map checks this first. */
int elf_check_extent(int fd, const struct elf_info *info, char err[ELF_ERROR_MAX]);

/* Maps the PT_LOAD segments of an already checked file. */
int elf_map(int fd, const struct elf_info *info, struct elf_image *image,
            char err[ELF_ERROR_MAX]);

/* The facts the initial stack carries besides the two images. */
struct elf_stack_facts {
	int argc;
	char *const *argv;
	int envc;
	char *const *envp;
	const char *execfn;
	uint64_t uid, euid, gid, egid;
	uint64_t secure;     /* AT_SECURE: a set-user-ID or set-group-ID exec (loaders then ignore LD_*) */
	uint64_t hwcap, hwcap2, clktck, minsigstksz;
	uint64_t sysinfo_ehdr; /* AT_SYSINFO_EHDR: the host's vDSO (0: none, and no entry) */
	uint64_t host_abi;   /* value for AT_LAMINA_HOST */
	uint8_t random[16];
};

/* Builds the x86-64 psABI initial stack (argc, argv, envp, auxv and the
 * strings they point to) below top and returns the new stack pointer, or
 * 0 when it does not fit in size bytes. interp may be NULL for a static
 * program. */
uint64_t elf_build_stack(uint8_t *top, size_t size, const struct elf_image *program,
                         const struct elf_image *interp,
                         const struct elf_stack_facts *facts);

/* Provided by the host that links elf-loader (results as Linux returns
 * them: negative errno on failure). */
long elf_host_pread(int fd, void *buf, size_t len, uint64_t off);
long elf_host_mmap(uint64_t addr, size_t len, int prot, int flags, int fd, uint64_t off);
long elf_host_munmap(uint64_t addr, size_t len);
long elf_host_mprotect(uint64_t addr, size_t len, int prot);

#endif
