/* The function around a code address, as its object's .eh_frame_hdr lists
 * it (compilers give every function a frame description there): found by
 * walking back page by page from the address to the object's ELF header,
 * whose program headers say where its code and that table are. Guest
 * memory is read by self_probe_copy, which fails where a load would
 * fault. Objects found are kept; the walk is bounded, and after a few
 * fruitless ones no more are tried. */
#include <elf.h>
#include <stdint.h>
#include "code_function.h"
#include "self_probe.h"

#define OBJECTS 32
#define WALK_PAGES 1024   /* 4 MiB back from the address */
#define WALKS_FAILED_MAX 8
/* .eh_frame_hdr's encodings that GNU ld writes (and this reads) */
#define DW_EH_PE_pcrel_sdata4 0x1b
#define DW_EH_PE_udata4 0x03
#define DW_EH_PE_datarel_sdata4 0x3b

struct object {
	const unsigned char *text_lo, *text_hi, *eh_frame_hdr;
};
static struct object objects[OBJECTS];
static int nobjects, walks_failed;

static int peek(const void *at, void *to, unsigned long len) { return self_probe_copy(to, at, len) == 0; }

/* The object whose ELF header is at page and whose code holds pc. */
static int object_at(const unsigned char *page, const unsigned char *pc, struct object *o)
{
	Elf64_Ehdr eh;
	static Elf64_Phdr ph[64];
	if (!peek(page, &eh, sizeof eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > 64 || eh.e_phoff > 4096 ||
	    !peek(page + eh.e_phoff, ph, eh.e_phnum * sizeof(Elf64_Phdr)))
		return 0;
	long bias = -1;
	for (int i = 0; i < eh.e_phnum && bias < 0; i++)
		if (ph[i].p_type == PT_LOAD) {
			if (ph[i].p_offset != 0) return 0;
			bias = (long)page - (long)(ph[i].p_vaddr & ~4095ul);
		}
	if (bias < 0) return 0;
	*o = (struct object){0};
	for (int i = 0; i < eh.e_phnum; i++) {
		const unsigned char *lo = (const unsigned char *)(bias + ph[i].p_vaddr), *hi = lo + ph[i].p_memsz;
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && pc >= lo && pc < hi) o->text_lo = lo, o->text_hi = hi;
		if (ph[i].p_type == PT_GNU_EH_FRAME) o->eh_frame_hdr = lo;
	}
	return o->text_lo && o->eh_frame_hdr;
}

static const struct object *object_of(const unsigned char *pc)
{
	for (int i = 0; i < nobjects; i++)
		if (pc >= objects[i].text_lo && pc < objects[i].text_hi) return &objects[i];
	if (nobjects == OBJECTS || walks_failed >= WALKS_FAILED_MAX) return 0;
	const unsigned char *page = (const unsigned char *)((unsigned long)pc & ~4095ul);
	for (int i = 0; i < WALK_PAGES && page; i++, page -= 4096) {
		unsigned char magic[4];
		if (!peek(page, magic, 4) || magic[0] != ELFMAG0 || magic[1] != ELFMAG1 || magic[2] != ELFMAG2 || magic[3] != ELFMAG3)
			continue;
		if (!object_at(page, pc, &objects[nobjects])) break;
		return &objects[nobjects++];
	}
	walks_failed++;
	return 0;
}

static int peek32(const unsigned char *at, int32_t *v) { return peek(at, v, 4); }

int code_function(const unsigned char *pc, struct code_range *function, struct code_range *segment)
{
	const struct object *o = object_of(pc);
	if (!o) return 0;
	const unsigned char *hdr = o->eh_frame_hdr;
	unsigned char head[4];
	int32_t count;
	if (!peek(hdr, head, 4) || head[0] != 1 || head[1] != DW_EH_PE_pcrel_sdata4 || head[2] != DW_EH_PE_udata4 ||
	    head[3] != DW_EH_PE_datarel_sdata4 || !peek32(hdr + 8, &count) || count <= 0)
		return 0;
	/* the last entry starting at or below pc */
	long lo = 0, hi = count;
	while (hi - lo > 1) {
		long mid = (lo + hi) / 2;
		int32_t loc;
		if (!peek32(hdr + 12 + 8 * mid, &loc)) return 0;
		if (hdr + loc <= pc) lo = mid; else hi = mid;
	}
	int32_t loc, fde, length, pc_begin, range;
	if (!peek32(hdr + 12 + 8 * lo, &loc) || !peek32(hdr + 16 + 8 * lo, &fde) || hdr + loc > pc) return 0;
	const unsigned char *f = hdr + fde;
	/* length, CIE pointer, pc_begin (pcrel sdata4, as the table's), pc_range */
	if (!peek32(f, &length) || length == -1 || !peek32(f + 8, &pc_begin) || !peek32(f + 12, &range)) return 0;
	const unsigned char *start = f + 8 + pc_begin;
	if (start != hdr + loc || range <= 0 || pc >= start + range) return 0;
	if (start < o->text_lo || start + range > o->text_hi) return 0;
	*function = (struct code_range){ start, start + range };
	*segment = (struct code_range){ o->text_lo, o->text_hi };
	return 1;
}
