/* The host's vDSO, which the host kernel maps into every init host: the
 * time calls answered from it, as a native musl or glibc answers them,
 * without a host system call (about 25 ns where a system call costs 1 µs
 * or more on a virtual machine). Only clocks the vDSO reads itself are
 * asked of it; the CPU-time clocks always fall back to a system call.
 * Results go through the init host's own memory and then guest_copy, so a
 * bad address is EFAULT, as the system call says, not a fault in the init
 * host. Programs that bring their own libc and are not rewritten (static
 * musl or glibc, Go) are given it too (AT_SYSINFO_EHDR) and call it
 * themselves; glibc's ld.so gets one of the init host's (vdso_image.c). A fallback the
 * vDSO makes (a CPU-time clock, or a clock source it cannot read) traps,
 * being outside the init host's code: signal.c serves it as the call it
 * is, and after a fallback for a clock it should have read the init host
 * no longer asks it in this process; vdso_probe finds a clock source it
 * cannot read before the guest runs, so that it is neither asked nor given.
 * The vDSO is built with the kernel's flags (no vector registers), so a
 * rewritten call site (call_sites.c) still keeps every vector register. */
#include <asm/errno.h>
#include <elf.h>
#include <linux/time.h>
#include <lamina/linux_abi.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "state.h"

#ifdef VDSO_CLOCK_GETTIME
static long (*vdso_clock_gettime)(long clock, struct __kernel_timespec *ts);
static long (*vdso_gettimeofday)(void *tv, void *tz);
static unsigned long vdso_start, vdso_end;
static int vdso_off;

/* A symbol of the vDSO image at base, by name: its address, or 0. */
static void *vdso_symbol(uintptr_t base, const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	uintptr_t bias = 0;
	const Elf64_Dyn *dyn = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) bias = base + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC) dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	}
	if (!dyn) return 0;
	const Elf64_Sym *syms = 0;
	const char *strings = 0;
	const uint32_t *hash = 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB) syms = (const Elf64_Sym *)(bias + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB) strings = (const char *)(bias + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH) hash = (const uint32_t *)(bias + dyn->d_un.d_ptr);
	}
	if (!syms || !strings || !hash) return 0;
	for (uint32_t i = 0; i < hash[1]; i++) {
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC || syms[i].st_shndx == SHN_UNDEF) continue;
		const char *a = strings + syms[i].st_name, *b = name;
		while (*a && *a == *b) a++, b++;
		if (*a == *b) return (void *)(bias + syms[i].st_value);
	}
	return 0;
}

uintptr_t vdso_base(void)
{
	return vdso_off ? 0 : vdso_start;
}

void vdso_init(uintptr_t base)
{
	if (!base) return;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			vdso_start = base;
			vdso_end = base + ph[i].p_offset + ph[i].p_memsz;
		}
	vdso_clock_gettime = (long (*)(long, struct __kernel_timespec *))vdso_symbol(base, VDSO_CLOCK_GETTIME);
	vdso_gettimeofday = (long (*)(void *, void *))vdso_symbol(base, VDSO_GETTIMEOFDAY);
}

/* The clocks the vDSO reads without a system call (vdso/datapage.h: the
 * high-resolution, coarse and raw bases). */
static int vdso_reads(long clock)
{
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME: case CLOCK_TAI:
		return 1;
	default:
		return 0;
	}
}

/* The vDSO's clock_gettime and gettimeofday, run marked (state.h's in_vdso). */
static long clock_from_vdso(long clock, struct __kernel_timespec *ts)
{
	struct thread_state *t = thread_current();
	t->in_vdso = 1;
	long r = vdso_clock_gettime(clock, ts);
	t->in_vdso = 0;
	return r;
}

static long day_from_vdso(void *tv, void *tz)
{
	struct thread_state *t = thread_current();
	t->in_vdso = 1;
	long r = vdso_gettimeofday(tv, tz);
	t->in_vdso = 0;
	return r;
}

long vdso_time_call(long nr, const long args[6])
{
	if (vdso_off) return DISPATCH_PASS;
	if (nr == __NR_clock_gettime && vdso_clock_gettime && vdso_reads(args[0])) {
		struct __kernel_timespec ts;
		long r = clock_from_vdso(args[0], &ts);
		if (r) return r;
		return guest_copy((void *)args[1], &ts, sizeof ts) ? -EFAULT : 0;
	}
	if (nr == __NR_gettimeofday && vdso_gettimeofday) {
		struct { long sec, usec; } tv;
		struct { int minuteswest, dsttime; } tz;
		long r = day_from_vdso(&tv, &tz);
		if (r) return r;
		if (args[0] && guest_copy((void *)args[0], &tv, sizeof tv)) return -EFAULT;
		if (args[1] && guest_copy((void *)args[1], &tz, sizeof tz)) return -EFAULT;
		return 0;
	}
	if (nr == __NR_time && vdso_clock_gettime) {
		/* Linux's time() is the second the clock last ticked into (coarse), as files' times are */
		struct __kernel_timespec ts;
		long r = clock_from_vdso(CLOCK_REALTIME_COARSE, &ts);
		if (r) return r;
		if (args[0] && guest_copy((void *)args[0], &ts.tv_sec, sizeof ts.tv_sec)) return -EFAULT;
		return ts.tv_sec;
	}
	return DISPATCH_PASS;
}

void vdso_probe(void)
{
	if (!vdso_clock_gettime) return;
	/* A fallback traps (SIGSYS), which must not find SIGSYS blocked: after
	 * an exec the guest's mask is the host's. */
	uint64_t sys = 1ull << (LX_SIGSYS - 1), before;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_UNBLOCK, &sys, &before, 8);
	struct __kernel_timespec ts;
	clock_from_vdso(CLOCK_MONOTONIC, &ts);
	if (!vdso_off) clock_from_vdso(CLOCK_REALTIME, &ts);
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &before, 0, 8);
	if (vdso_off) vdso_start = vdso_end = 0;
}

int vdso_fallback(unsigned long pc, long nr, long clock)
{
	if (pc - vdso_start >= vdso_end - vdso_start) return 0;
	if (nr != __NR_clock_gettime && nr != __NR_gettimeofday && nr != __NR_time && nr != __NR_clock_getres
	    && nr != __NR_getcpu)
		return 0;
	if ((nr != __NR_clock_gettime && nr != __NR_clock_getres) || vdso_reads(clock)) vdso_off = 1;
	return 1;
}
#else
uintptr_t vdso_base(void) { return 0; }
void vdso_probe(void) {}
void vdso_init(uintptr_t base) { (void)base; }
long vdso_time_call(long nr, const long args[6]) { (void)nr, (void)args; return DISPATCH_PASS; }
int vdso_fallback(unsigned long pc, long nr, long clock) { (void)pc, (void)nr, (void)clock; return 0; }
#endif
