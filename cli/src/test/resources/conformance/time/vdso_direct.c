/* A program that finds the vDSO through AT_SYSINFO_EHDR and calls it
 * itself, as Go's runtime does: its clocks answer, and its fallback to a
 * system call for a CPU-time clock is served, in strict mode too. */
#include "../conf.h"
#include <elf.h>
#include <sys/auxv.h>

static void *vdso_function(uintptr_t base, const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	uintptr_t bias = base;
	const Elf64_Dyn *dyn = NULL;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) bias = base + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC) dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	}
	const Elf64_Sym *sym = NULL;
	const char *str = NULL;
	const uint32_t *hash = NULL;
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB) sym = (const Elf64_Sym *)(bias + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB) str = (const char *)(bias + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH) hash = (const uint32_t *)(bias + dyn->d_un.d_ptr);
	}
	for (uint32_t i = 0; sym && str && hash && i < hash[1]; i++)
		if (sym[i].st_shndx != SHN_UNDEF && !strcmp(str + sym[i].st_name, name)) return (void *)(bias + sym[i].st_value);
	return NULL;
}

int main(void)
{
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	yes("a vDSO", base != 0);
	if (!base) return 0;
	int (*gettime)(clockid_t, struct timespec *) = (int (*)(clockid_t, struct timespec *))vdso_function(base, "__vdso_clock_gettime");
	int (*getcpu)(unsigned *, unsigned *, void *) = (int (*)(unsigned *, unsigned *, void *))vdso_function(base, "__vdso_getcpu");
	yes("its clock_gettime", gettime != NULL);
	if (!gettime) return 0;
	struct timespec mono = { 0, -1 }, cpu = { 0, -1 }, thread = { 0, -1 }, bad;
	yes("MONOTONIC", gettime(CLOCK_MONOTONIC, &mono) == 0 && mono.tv_nsec >= 0 && mono.tv_nsec < 1000000000);
	/* the vDSO makes these system calls itself */
	yes("PROCESS_CPUTIME_ID", gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 && cpu.tv_nsec >= 0 && cpu.tv_nsec < 1000000000);
	yes("THREAD_CPUTIME_ID", gettime(CLOCK_THREAD_CPUTIME_ID, &thread) == 0 && thread.tv_nsec >= 0);
	printf("an unknown clock: %d\n", gettime(99, &bad));
	unsigned c = ~0u;
	yes("getcpu", getcpu && getcpu(&c, NULL, NULL) == 0 && c < 4096);
	struct timespec again;
	clock_gettime(CLOCK_MONOTONIC, &again);
	yes("libc's MONOTONIC after it", again.tv_sec > mono.tv_sec || (again.tv_sec == mono.tv_sec && again.tv_nsec >= mono.tv_nsec));
	return 0;
}
