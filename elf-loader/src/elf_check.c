#include "elf_loader.h"
#include "elf_util.h"

static const char *machine_name(unsigned m)
{
	switch (m) {
	case EM_X86_64: return "x86_64";
	case EM_AARCH64: return "aarch64";
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390x";
	default: return 0;
	}
}

static int check_load(const Elf64_Phdr *ph, char err[ELF_ERROR_MAX])
{
	if (ph->p_filesz > ph->p_memsz)
		return elf_fail(err, "a segment's file size exceeds its memory size");
	if (ph->p_offset + ph->p_filesz < ph->p_offset)
		return elf_fail(err, "a segment's file range overflows");
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr || ph->p_vaddr + ph->p_memsz > ELF_USER_TOP)
		return elf_fail(err, "a segment lies outside the user address space");
	if (ph->p_align > 1 && (ph->p_align & (ph->p_align - 1)))
		return elf_fail(err, "a segment's alignment is not a power of two");
	if ((ph->p_vaddr - ph->p_offset) % ELF_PAGE)
		return elf_fail(err, ELF_PAGE > 4096 ? "linked for 4 KiB pages only: a segment's address and file offset disagree "
		                                       "modulo 16 KiB"
		                                     : "a segment's address and file offset disagree modulo the page size");
	return 0;
}

static int check_interp(const uint8_t *buf, size_t len, const Elf64_Phdr *ph,
                        struct elf_info *info, char err[ELF_ERROR_MAX])
{
	if (ph->p_filesz < 2 || ph->p_filesz > ELF_INTERP_MAX)
		return elf_fail(err, "the interpreter path has a bad length");
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return elf_fail(err, "the interpreter path lies outside the file's headers");
	const char *s = (const char *)buf + ph->p_offset;
	if (s[ph->p_filesz - 1] != 0)
		return elf_fail(err, "the interpreter path is not terminated");
	elf_copy(info->interp, s, ph->p_filesz);
	if (elf_strlen(info->interp) == 0)
		return elf_fail(err, "the interpreter path is empty");
	return 0;
}

/* Whether a note segment (the part of it inside buf) holds one whose owner
 * is "Go" (Go's linker writes its build id so, cgo programs too). */
static int has_go_note(const uint8_t *buf, size_t len, const Elf64_Phdr *ph)
{
	if (ph->p_offset >= len) return 0;
	uint64_t end = ph->p_filesz < len - ph->p_offset ? ph->p_offset + ph->p_filesz : len;
	for (uint64_t at = ph->p_offset; end - at >= 12;) {
		uint32_t namesz, descsz;
		elf_copy(&namesz, buf + at, 4);
		elf_copy(&descsz, buf + at + 4, 4);
		uint64_t name = at + 12, size = 12 + (((uint64_t)namesz + 3) & ~3ull) + (((uint64_t)descsz + 3) & ~3ull);
		/* "Go" and its NUL, which Go's own linker pads to 4 */
		if ((namesz == 3 || namesz == 4) && end - name >= namesz && buf[name] == 'G' && buf[name + 1] == 'o' && buf[name + 2] == 0 &&
		    (namesz == 3 || buf[name + 3] == 0))
			return 1;
		if (size > end - at) return 0;
		at += size;
	}
	return 0;
}

int elf_check(const uint8_t *buf, size_t len, struct elf_info *info, char err[ELF_ERROR_MAX])
{
	elf_zero(info, sizeof *info);
	if (len < 4 || buf[EI_MAG0] != ELFMAG0 || buf[EI_MAG1] != ELFMAG1 ||
	    buf[EI_MAG2] != ELFMAG2 || buf[EI_MAG3] != ELFMAG3)
		return elf_fail(err, "not an ELF file");
	if (len < sizeof(Elf64_Ehdr))
		return elf_fail(err, "truncated ELF header");
	elf_copy(&info->ehdr, buf, sizeof(Elf64_Ehdr));
	const Elf64_Ehdr *eh = &info->ehdr;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return elf_fail(err, "32-bit programs are not supported");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_fail(err, "big-endian programs are not supported");
	if (eh->e_machine != ELF_MACHINE) {
		const char *name = machine_name(eh->e_machine);
		if (name)
			return elf_failf(err, "this is an ", name, " program; this host runs " ELF_MACHINE_NAME);
		return elf_fail(err, "this program is for an unknown machine; this host runs " ELF_MACHINE_NAME);
	}
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return elf_fail(err, "unknown ELF version");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return elf_fail(err, "not an executable program (wrong ELF type)");
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return elf_fail(err, "bad program header size");
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_PHDR_MAX)
		return elf_fail(err, "bad number of program headers");
	size_t table = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > len || table > len - eh->e_phoff)
		return elf_fail(err, "truncated program header table");
	elf_copy(info->phdr, buf + eh->e_phoff, table);

	int loads = 0, entry_mapped = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		switch (ph->p_type) {
		case PT_LOAD:
			if (check_load(ph, err)) return -1;
			loads++;
			if (ph->p_filesz && ph->p_offset + ph->p_filesz > info->file_end)
				info->file_end = ph->p_offset + ph->p_filesz;
			if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
			    eh->e_entry - ph->p_vaddr < ph->p_memsz)
				entry_mapped = 1;
			break;
		case PT_INTERP:
			if (info->interp[0])
				return elf_fail(err, "more than one interpreter");
			if (check_interp(buf, len, ph, info, err)) return -1;
			break;
		case PT_GNU_STACK:
			info->exec_stack = (ph->p_flags & PF_X) != 0;
			break;
		case PT_NOTE:
			if (has_go_note(buf, len, ph)) info->go = 1;
			break;
		case PT_TLS:
			if (ph->p_filesz > ph->p_memsz)
				return elf_fail(err, "bad TLS segment");
			info->tls_size = ph->p_memsz;
			break;
		}
	}
	if (!loads)
		return elf_fail(err, "no loadable segments");
	if (!entry_mapped)
		return elf_fail(err, "the entry point is not in an executable segment");
	return 0;
}

size_t elf_headers_size(const uint8_t *buf, size_t len)
{
	if (len < sizeof(Elf64_Ehdr)) return sizeof(Elf64_Ehdr);
	Elf64_Ehdr eh;
	elf_copy(&eh, buf, sizeof eh);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > ELF_PHDR_MAX) return len;
	uint64_t need = eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr);
	if (eh.e_phoff > len || need > len) return need < eh.e_phoff ? (size_t)-1 : (size_t)need;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		elf_copy(&ph, buf + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
		uint64_t end = ph.p_offset + ph.p_filesz;
		if ((ph.p_type == PT_INTERP || ph.p_type == PT_NOTE) && end >= ph.p_offset && end > need) need = end;
	}
	return need > (size_t)-1 ? (size_t)-1 : (size_t)need;
}
