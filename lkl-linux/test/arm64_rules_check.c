/* The Apple-Silicon rules checked on real aarch64 programs (a hosted
 * program: it only reads files). With no argument: the rewrite's own cases,
 * each stub against the words GNU as gives for it. With files: for each
 * ELF program, every executable segment rewritten as --darwin-rules does,
 * then scanned (no svc, no tpidr_el0 access left; every site a branch into
 * the stubs), and whether it loads with 16 KiB pages (every PT_LOAD's
 * address and offset agree modulo 16 KiB, and no 16 KiB page is both
 * writable and executable). One line per file; the exit status counts the
 * files that fail the rewrite. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "code_ranges.h"
#include "rewrite.h"

#define PAGE16 16384u

static int failures;

static void expect(int ok, const char *what)
{
	if (!ok) {
		printf("FAIL: %s\n", what);
		failures++;
	}
}

static const struct arm64_rules RULES = { .svc_entry = 0x100040, .host_tp_mrs = ARM64_MRS_TPIDR_EL0, .tp_slot = 72 };
/* lkl-darwin's: the guest's thread pointer in a slot of Darwin's thread
 * block, whose address TPIDRRO_EL0 holds with the CPU's number in its low bits. */
static const struct arm64_rules DARWIN = { .svc_entry = 0x100040, .host_tp_mrs = ARM64_MRS_TPIDRRO_EL0,
                                           .host_tp_and = ARM64_AND_LOW3, .tp_slot = 72 };

/* Stubs as `as` assembles them (see the comments). */
static void cases(void)
{
	uint32_t code[] = { 0xd4000001u /* svc #0 */, 0xd53bd043u /* mrs x3, tpidr_el0 */,
	                    0xd51bd050u /* msr tpidr_el0, x16 */, 0xd53bd05fu /* mrs xzr, tpidr_el0 */,
	                    0xd503201fu /* nop */ };
	uint32_t stubs[64] = {0};
	expect(arm64_count_sites(code, 5) == 4, "four sites");
	long used = arm64_rewrite(code, 5, 0x400000, stubs, 64, 0x500000, &RULES);
	expect(used == 10 + 4 + 6 + 2, "stub words: 10, 3 rounded to 4, 5 rounded to 6, 1 rounded to 2");
	expect(arm64_count_sites(code, 5) == 0 && code[4] == 0xd503201fu, "no site left, the rest kept");
	expect(code[0] == (0x14000000u | (0x100000u >> 2)), "svc: b to its stub");
	uint32_t svc[] = { 0xa9bb7bf0u /* stp x16, x30, [sp, #-80]! */, 0x580000f0u /* ldr x16, .+28 */,
	                   0xd63f0200u /* blr x16 */, 0xa8c57bf0u /* ldp x16, x30, [sp], #80 */, 0 /* b back */,
	                   0xa9407a10u /* ldp x16, x30, [x16]: a clone's child */, 0 /* b back */,
	                   0xd503201fu, 0x100040u, 0 };
	svc[4] = 0x14000000u | ((uint32_t)((int64_t)(0x400004 - 0x500010) >> 2) & 0x3ffffffu);
	svc[6] = 0x14000000u | ((uint32_t)((int64_t)(0x400004 - 0x500018) >> 2) & 0x3ffffffu);
	expect(!memcmp(stubs, svc, sizeof svc), "svc's stub");
	expect(ARM64_SVC_CHILD_ENTRY == 5 * 4, "the child's entry is the stub's sixth word");
	uint32_t mrs[] = { 0xd53bd043u /* mrs x3, tpidr_el0 (the host's) */, 0xf9402463u /* ldr x3, [x3, #72] */ };
	expect(!memcmp(stubs + 10, mrs, sizeof mrs), "mrs's stub");
	uint32_t msr[] = { 0xf81f0ff1u /* str x17, [sp, #-16]! */, 0xd53bd051u /* mrs x17, tpidr_el0 */,
	                   0xf9002630u /* str x16, [x17, #72] */, 0xf84107f1u /* ldr x17, [sp], #16 */ };
	expect(!memcmp(stubs + 14, msr, sizeof msr), "msr's stub (x16's scratch is x17)");
	expect(stubs[20] == (0x14000000u | ((uint32_t)((int64_t)(0x400010 - 0x500050) >> 2) & 0x3ffffffu)),
	       "mrs xzr: straight back");
	uint32_t far[] = { 0xd4000001u };
	expect(arm64_rewrite(far, 1, 0x400000, stubs, 64, 0x400000 + ARM64_BRANCH_RANGE, &RULES) == -1 && far[0] == 0xd4000001u,
	       "stubs out of reach: refused, code untouched");
	expect(arm64_rewrite(far, 1, 0x400000, stubs, 4, 0x500000, &RULES) == -1, "no room for a stub: refused");

	uint32_t tp[] = { 0xd53bd043u /* mrs x3, tpidr_el0 */, 0xd51bd050u /* msr tpidr_el0, x16 */ };
	memset(stubs, 0, sizeof stubs);
	expect(arm64_rewrite(tp, 2, 0x400000, stubs, 64, 0x500000, &DARWIN) == 4 + 6, "Darwin's stub words: 4, 5 rounded to 6");
	uint32_t dmrs[] = { 0xd53bd063u /* mrs x3, tpidrro_el0 */, 0x927df063u /* and x3, x3, #~7 */,
	                    0xf9402463u /* ldr x3, [x3, #72] */ };
	expect(!memcmp(stubs, dmrs, sizeof dmrs), "Darwin's mrs stub");
	uint32_t dmsr[] = { 0xf81f0ff1u /* str x17, [sp, #-16]! */, 0xd53bd071u /* mrs x17, tpidrro_el0 */,
	                    0x927df231u /* and x17, x17, #~7 */, 0xf9002630u /* str x16, [x17, #72] */,
	                    0xf84107f1u /* ldr x17, [sp], #16 */ };
	expect(!memcmp(stubs + 4, dmsr, sizeof dmsr), "Darwin's msr stub");
	expect(stubs[9] == (0x14000000u | ((uint32_t)((int64_t)(0x400008 - 0x500024) >> 2) & 0x3ffffffu)), "and back");
}

static unsigned char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) return 0;
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	unsigned char *b = malloc(*size ? *size : 1);
	if (b && fread(b, 1, *size, f) != *size) b = 0;
	fclose(f);
	return b;
}

static void file(const char *path)
{
	size_t size;
	unsigned char *b = slurp(path, &size);
	if (!b || size < sizeof(Elf64_Ehdr) || memcmp(b, ELFMAG, SELFMAG)) {
		printf("%s: not an ELF file\n", path);
		return;
	}
	const Elf64_Ehdr *eh = (const void *)b;
	if (eh->e_machine != EM_AARCH64 || eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > size) {
		printf("%s: not an aarch64 program\n", path);
		return;
	}
	const Elf64_Phdr *ph = (const void *)(b + eh->e_phoff);
	size_t sites = 0, stub_words = 0, left = 0;
	int fits16 = 1, wx16 = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD) continue;
		if ((ph[i].p_vaddr - ph[i].p_offset) % PAGE16) fits16 = 0;
		for (unsigned j = 0; j < i; j++)
			if (ph[j].p_type == PT_LOAD && (ph[i].p_vaddr / PAGE16 <= (ph[j].p_vaddr + ph[j].p_memsz - 1) / PAGE16) &&
			    ((ph[i].p_vaddr + ph[i].p_memsz - 1) / PAGE16 >= ph[j].p_vaddr / PAGE16) &&
			    (((ph[i].p_flags | ph[j].p_flags) & (PF_W | PF_X)) == (PF_W | PF_X)))
				wx16 = 1;
		if (!(ph[i].p_flags & PF_X) || ph[i].p_offset + ph[i].p_filesz > size) continue;
		/* The segment's code, as darwin_rules.c finds it: its executable sections. */
		uint64_t ranges[ARM64_SECTIONS_MAX][2];
		size_t nr = 1;
		ranges[0][0] = ph[i].p_offset;
		ranges[0][1] = ph[i].p_offset + ph[i].p_filesz;
		if (eh->e_shnum && eh->e_shnum <= ARM64_SECTIONS_MAX && eh->e_shentsize == sizeof(Elf64_Shdr) &&
		    eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) <= size)
			nr = arm64_code_ranges((const void *)(b + eh->e_shoff), eh->e_shnum, ph[i].p_offset, ph[i].p_filesz,
			                       ranges, ARM64_SECTIONS_MAX);
		for (size_t k = 0; k < nr; k++) {
			size_t n = (ranges[k][1] - ranges[k][0]) / 4;
			uint32_t *code = malloc(n * 4 + 4);
			memcpy(code, b + ranges[k][0], n * 4);
			uint64_t code_at = ph[i].p_vaddr + (ranges[k][0] - ph[i].p_offset);
			size_t here = arm64_count_sites(code, n), cap = here * ARM64_STUB_WORDS;
			uint32_t *stubs = calloc(cap + 1, 4);
			uint64_t stubs_at = (ph[i].p_vaddr + ph[i].p_memsz + PAGE16 - 1) & ~(uint64_t)(PAGE16 - 1);
			long used = arm64_rewrite(code, n, code_at, stubs, cap, stubs_at, &RULES);
			if (used < 0) {
				printf("%s: FAIL: the rewrite refused a segment\n", path);
				failures++;
			} else {
				stub_words += (size_t)used;
				left += arm64_count_sites(code, n);
				for (long w = 0; w < used; w++)
					if (arm64_site(stubs[w]) == ARM64_SITE_SVC || arm64_site(stubs[w]) == ARM64_SITE_MSR_TP) left++;
			}
			sites += here;
			free(code);
			free(stubs);
		}
	}
	if (left) failures++;
	printf("%s: %zu sites rewritten, %zu stub words, %zu left%s; 16 KiB pages: %s\n", path, sites, stub_words, left,
	       left ? " FAIL" : "", !fits16 ? "no (an address and offset disagree)" : wx16 ? "no (a page both W and X)" : "yes");
	free(b);
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		cases();
		printf("arm64 rewrite: %s\n", failures ? "FAILED" : "every case passed");
	}
	for (int i = 1; i < argc; i++) file(argv[i]);
	return failures > 125 ? 125 : failures;
}
