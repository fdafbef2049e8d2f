/* The guest's thread pointer on an Intel Mac: %fs, loaded with the
 * selector of an entry of the process's LDT whose base is the pointer
 * (ldt.h). Darwin's own code uses %gs (its thread-specific data) and
 * never %fs, so the guest's survives every call into the host; XNU keeps
 * a task's LDT and reloads %fs from its saved selector at each return to
 * user space once the task has one (osfmk/x86_64/idt64.s), and a fork
 * copies the LDT. A descriptor's base has 32 bits: thread blocks must lie
 * below 4 GiB, where the host layer puts guest memory first
 * (darwin_host.c, map_memory). docs/macos.md has the reasoning. */
#include <asm/prctl.h>
#include <errno.h>
#include <stdint.h>
#include "guest_access.h"
#include "ldt.h"
#include "state.h"
#include "thread_pointer.h"
#include "util.h"
#include "xlat.h"

/* libSystem's (x86-64 only, since macOS 10.15: machdep call 5,
 * i386_set_ldt64, which takes 64-bit arguments); its declaration is not
 * in the headers Zig bundles. Returns the first entry set, or -1 and
 * errno. */
int i386_set_ldt(unsigned long start_sel, const void *descs, unsigned long num_sels);
/* start_sel asking XNU for the first free entries (its LDT_AUTO_ALLOC):
 * XNU compares the whole 64-bit register, so 0xffffffff zero-extended */
#define LDT_AUTO_ALLOC 0xfffffffful

/* t's LDT entry written with base (the task's LDT: any of its threads may
 * write a thread's entry), not yet loaded; 0 or a Linux error. */
long darwin_thread_pointer_prepare(struct thread_state *t, uint64_t base)
{
	if (base > LDT_BASE_MAX) {
		char hex[19];
		print_error("lamina: a thread pointer above 4 GiB (", hex_format(hex, base),
		            ") cannot be served on an Intel Mac (docs/macos.md)", (char *)0);
		return -LINUX_EPERM;
	}
	uint64_t d = ldt_data_descriptor((uint32_t)base);
	/* the thread's entry is rewritten in place once it has one */
	int entry = i386_set_ldt(t->fs_entry ? (unsigned long)t->fs_entry : LDT_AUTO_ALLOC, &d, 1);
	if (entry < 0) return -(long)xlat_errno_from_darwin(errno);
	t->fs_entry = entry;
	t->fs_base = base;
	return 0;
}

void darwin_thread_pointer_load(const struct thread_state *t)
{
	if (t->fs_entry) __asm__ volatile("mov %w0, %%fs" : : "r"(ldt_selector((unsigned)t->fs_entry)) : "memory");
}

static long set_fs(struct thread_state *t, uint64_t base)
{
	long r = darwin_thread_pointer_prepare(t, base);
	if (!r) darwin_thread_pointer_load(t);
	return r;
}

long darwin_arch_prctl(long code, long addr)
{
	struct thread_state *t = thread_current();
	switch (code) {
	case ARCH_SET_FS:
		return set_fs(t, (uint64_t)addr);
	case ARCH_GET_FS:
		return guest_copy((void *)addr, &t->fs_base, sizeof t->fs_base) ? -LINUX_EFAULT : 0;
	}
	/* %gs is Darwin's (as it is the Linux init host's), and the CPUID
	 * faulting and shadow stack controls are Linux's own */
	return -LINUX_EINVAL;
}

void darwin_thread_pointer_release(struct thread_state *t)
{
	if (!t->fs_entry) return;
	uint64_t none = 0;
	i386_set_ldt((unsigned long)t->fs_entry, &none, 1);
	t->fs_entry = 0;
}
