#include <linux/mman.h>
#include "elf_loader.h"
#include "elf_util.h"

static uint64_t page_down(uint64_t v) { return v & ~(ELF_PAGE - 1); }
static uint64_t page_up(uint64_t v) { return (v + ELF_PAGE - 1) & ~(ELF_PAGE - 1); }

static int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

static int is_error(long r) { return r < 0 && r > -4096; }

/* The bss part of a segment: zero the rest of the last file page, then map
 * anonymous zero pages for what remains. */
static int map_bss(uint64_t base, const Elf64_Phdr *ph, char err[ELF_ERROR_MAX])
{
	uint64_t file_end = base + ph->p_vaddr + ph->p_filesz;
	uint64_t mem_end = base + ph->p_vaddr + ph->p_memsz;
	int prot = prot_of(ph->p_flags);
	if (page_up(file_end) > file_end && ph->p_filesz) {
		uint64_t page = page_down(file_end);
		if (!(prot & PROT_WRITE) && is_error(elf_host_mprotect(page, ELF_PAGE, prot | PROT_WRITE)))
			return elf_fail(err, "cannot make a segment writable to clear its bss");
		elf_zero((void *)file_end, page_up(file_end) - file_end);
		if (!(prot & PROT_WRITE))
			elf_host_mprotect(page, ELF_PAGE, prot);
	}
	uint64_t anon = page_up(file_end);
	if (mem_end > anon &&
	    is_error(elf_host_mmap(anon, page_up(mem_end) - anon, prot,
	                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)))
		return elf_fail(err, "cannot map a segment's bss");
	return 0;
}

int elf_map(int fd, const struct elf_info *info, struct elf_image *image, char err[ELF_ERROR_MAX])
{
	if (elf_check_extent(fd, info, err)) return -1;
	const Elf64_Ehdr *eh = &info->ehdr;
	uint64_t lo = ~0ul, hi = 0, align = ELF_PAGE;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type != PT_LOAD) continue;
		if (ph->p_vaddr < lo) lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > hi) hi = ph->p_vaddr + ph->p_memsz;
		if (ph->p_align > align) align = ph->p_align;
	}
	lo = page_down(lo);
	uint64_t span = page_up(hi) - lo;

	/* Reserve the whole span first so the segments keep their distances. */
	uint64_t base;
	if (eh->e_type == ET_DYN) {
		long r = elf_host_mmap(0, span + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (is_error(r)) return elf_fail(err, "no room in the address space for the program");
		uint64_t start = ((uint64_t)r + align - 1) & ~(align - 1);
		base = start - lo;
		if (start > (uint64_t)r) elf_host_munmap((uint64_t)r, start - (uint64_t)r);
		if (start + span < (uint64_t)r + span + align)
			elf_host_munmap(start + span, (uint64_t)r + span + align - start - span);
	} else {
		base = 0;
		long r = elf_host_mmap(lo, span, PROT_NONE,
		                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (is_error(r) || (uint64_t)r != lo)
			return elf_fail(err, "the program's fixed addresses are already in use");
	}

	image->phdr = 0;
	uint64_t mapped_to = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type == PT_PHDR) image->phdr = base + ph->p_vaddr;
		if (ph->p_type != PT_LOAD) continue;
		/* Segments come in address order; one sharing the last one's page
		 * would replace that page's end. Linkers keep them apart for 4 KiB. */
		if (ELF_PAGE > 4096 && page_down(base + ph->p_vaddr) < mapped_to)
			return elf_fail(err, "two segments share a 16 KiB page: linked for 4 KiB pages only");
		mapped_to = page_up(base + ph->p_vaddr + ph->p_memsz);
		uint64_t start = page_down(base + ph->p_vaddr);
		uint64_t off = page_down(ph->p_offset);
		if (ph->p_filesz) {
			uint64_t len = page_up(base + ph->p_vaddr + ph->p_filesz) - start;
			long r = elf_host_mmap(start, len, prot_of(ph->p_flags), MAP_PRIVATE | MAP_FIXED, fd, off);
			if (is_error(r)) return elf_fail(err, "cannot map a segment of the file (is it truncated?)");
		}
		if (ph->p_memsz > ph->p_filesz && map_bss(base, ph, err)) return -1;
		if (!image->phdr && eh->e_phoff >= ph->p_offset &&
		    eh->e_phoff - ph->p_offset < ph->p_filesz)
			image->phdr = base + ph->p_vaddr + (eh->e_phoff - ph->p_offset);
	}
	if (!image->phdr)
		return elf_fail(err, "the program headers are not inside a loaded segment");
	image->base = base;
	image->entry = base + eh->e_entry;
	image->phnum = eh->e_phnum;
	image->phent = eh->e_phentsize;
	return 0;
}
