#include <lamina/host_abi.h>
#include "elf_loader.h"
#include "elf_util.h"

#define AUXV_MAX 24

/* Copies a string below *sp and returns its address. */
static char *push_string(uint8_t **sp, const uint8_t *floor, const char *s)
{
	size_t n = elf_strlen(s) + 1;
	if ((size_t)(*sp - floor) < n) return 0;
	*sp -= n;
	elf_copy(*sp, s, n);
	return (char *)*sp;
}

uint64_t elf_build_stack(uint8_t *top, size_t size, const struct elf_image *program,
                         const struct elf_image *interp, const struct elf_stack_facts *f)
{
	uint8_t *floor = top - size, *sp = top;
	/* Strings first (highest), then the pointer block, 16-byte aligned. */
	char *execfn = push_string(&sp, floor, f->execfn);
	char *platform = push_string(&sp, floor, ELF_MACHINE_NAME);
	if (!execfn || !platform || (size_t)(sp - floor) < 16 + 16) return 0;
	sp -= 16;
	elf_copy(sp, f->random, 16);
	uint8_t *random = sp;

	size_t words = 1 + (size_t)f->argc + 1 + (size_t)f->envc + 1 + 2 * AUXV_MAX;
	if ((size_t)(sp - floor) < words * 8 + 4096) return 0;
	uint8_t *strings_floor = floor + words * 8 + 64;
	char *argv[f->argc + 1];
	char *envp[f->envc + 1];
	/* As Linux lays them out: the argument strings, then the environment's just
	 * above, so a program retitling itself (setproctitle: nginx, postgres) may
	 * write past its arguments into the environment it moved away. */
	for (int i = f->envc - 1; i >= 0; i--)
		if (!(envp[i] = push_string(&sp, strings_floor, f->envp[i]))) return 0;
	for (int i = f->argc - 1; i >= 0; i--)
		if (!(argv[i] = push_string(&sp, strings_floor, f->argv[i]))) return 0;

	uint64_t auxv[2 * AUXV_MAX], *a = auxv;
#define AUX(k, v) (*a++ = (k), *a++ = (uint64_t)(v))
	if (f->sysinfo_ehdr) AUX(AT_SYSINFO_EHDR, f->sysinfo_ehdr);
	AUX(AT_PHDR, program->phdr);
	AUX(AT_PHENT, program->phent);
	AUX(AT_PHNUM, program->phnum);
	AUX(AT_PAGESZ, ELF_PAGE);
	AUX(AT_BASE, interp ? interp->base : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, program->entry);
	AUX(AT_UID, f->uid);
	AUX(AT_EUID, f->euid);
	AUX(AT_GID, f->gid);
	AUX(AT_EGID, f->egid);
	AUX(AT_SECURE, f->secure);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP, f->hwcap);
	AUX(AT_HWCAP2, f->hwcap2);
	AUX(AT_CLKTCK, f->clktck);
	AUX(AT_PLATFORM, platform);
	AUX(AT_EXECFN, execfn);
	if (f->minsigstksz) AUX(AT_MINSIGSTKSZ, f->minsigstksz);
	AUX(AT_LAMINA_HOST, f->host_abi);
	AUX(AT_NULL, 0);
#undef AUX
	size_t nauxv = (size_t)(a - auxv);

	size_t count = 1 + (size_t)f->argc + 1 + (size_t)f->envc + 1 + nauxv;
	sp = (uint8_t *)((uint64_t)(sp - count * 8) & ~15ul);
	uint64_t *w = (uint64_t *)sp;
	*w++ = (uint64_t)f->argc;
	for (int i = 0; i < f->argc; i++) *w++ = (uint64_t)argv[i];
	*w++ = 0;
	for (int i = 0; i < f->envc; i++) *w++ = (uint64_t)envp[i];
	*w++ = 0;
	for (size_t i = 0; i < nauxv; i++) *w++ = auxv[i];
	return (uint64_t)sp;
}
