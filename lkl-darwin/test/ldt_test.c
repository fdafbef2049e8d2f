/* The Intel Mac's guest thread pointer (src/x86_64/ldt.h), checked on
 * Linux x86-64, whose modify_ldt installs the same descriptors: the
 * encoding is compared with the one Linux makes of the same segment, and
 * a 64-bit thread loads %fs with the entry's selector and reads memory at
 * the descriptor's base through it, as musl+ reads its thread pointer at
 * %fs:0. The descriptor is also checked against the kinds XNU's
 * i386_set_ldt accepts (osfmk/i386/user_ldt.c). */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <asm/prctl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"
#include "x86_64/ldt.h"


#define ACCESSED (1ull << 40)

/* Linux's descriptor for a flat 32-bit read-write data segment at base,
 * installed as entry `index`, then read back raw. */
static uint64_t linux_descriptor(unsigned index, uint32_t base)
{
	struct user_desc d = {
		.entry_number = index, .base_addr = base, .limit = 0xfffff,
		.seg_32bit = 1, .contents = MODIFY_LDT_CONTENTS_DATA, .limit_in_pages = 1,
	};
	if (syscall(SYS_modify_ldt, 0x11, &d, sizeof d)) {
		perror("modify_ldt");
		return 0;
	}
	uint64_t table[16] = {0};
	if (syscall(SYS_modify_ldt, 0, table, sizeof table) < (long)((index + 1) * 8)) return 0;
	return table[index];
}

/* Loads %fs with sel and reads the two words at its base, then gives the
 * thread its own thread pointer back (nothing between may touch the C
 * library's thread-local data). */
static void read_through_fs(uint16_t sel, uint64_t *first, uint64_t *second)
{
	uint64_t own, x, y;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &own);
	__asm__ volatile(
		"mov %w[sel], %%fs\n\t"
		"mov %%fs:0, %[x]\n\t"
		"mov %%fs:8, %[y]\n\t"
		"mov %[own], %%rsi\n\t"
		"mov %[set_fs], %%edi\n\t"
		"mov %[nr], %%eax\n\t"
		"syscall"
		: [x] "=&r"(x), [y] "=&r"(y)
		: [sel] "r"(sel), [own] "r"(own), [set_fs] "i"(ARCH_SET_FS), [nr] "i"(SYS_arch_prctl)
		: "rax", "rdi", "rsi", "rcx", "r11", "memory");
	*first = x;
	*second = y;
}

/* Some hypervisors (PVM) take modify_ldt but fault on loading an LDT
 * selector: the load is then not checked here, and said so. */
static sigjmp_buf no_ldt;

static void on_fault(int sig)
{
	(void)sig;
	siglongjmp(no_ldt, 1);
}

/* What XNU's i386_set_ldt checks of each descriptor it is given. */
static int xnu_accepts(uint64_t d)
{
	unsigned access = (unsigned)(d >> 40) & 0xff, granularity = (unsigned)(d >> 52) & 0xf;
	unsigned kinds[] = { 0xf0, 0xf2, 0xf4, 0xf6, 0xf8, 0xfa, 0xfc, 0xfe }; /* P | PL_U | DATA.., CODE.. */
	int kind = 0;
	for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++) kind |= (access & ~1u) == kinds[i];
	return kind && !(granularity & 0x2); /* SZ_64 */
}

int main(void)
{
	uint32_t bases[] = { 0, 0x1000, 0x12345678, 0x7fffe000, 0xfedcb000, 0xfffff000 };
	for (unsigned i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		uint64_t ours = ldt_data_descriptor(bases[i]), linux = linux_descriptor(1, bases[i]);
		CHECK(linux != 0);
		/* Linux sets the accessed bit itself; the CPU would */
		CHECK((ours | ACCESSED) == linux);
		CHECK(xnu_accepts(ours));
	}
	CHECK(!xnu_accepts(ldt_data_descriptor(0x1000) | 1ull << 53)); /* the check sees an L bit */
	CHECK(ldt_selector(3) == 0x1f);    /* XNU's first user entry: USER_SETTABLE */
	CHECK(ldt_selector(8191) == 0xffff);

	/* A thread block where each of the base's four bytes differs. */
	uint64_t *block = mmap((void *)0xfedcb000, 4096, PROT_READ | PROT_WRITE,
	                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(block == (void *)0xfedcb000);
	if (block == (void *)0xfedcb000) {
		block[0] = 0x1122334455667788ull;
		block[1] = 0x99aabbccddeeff00ull;
		unsigned index = 5;
		CHECK(linux_descriptor(index, (uint32_t)(uintptr_t)block) == (ldt_data_descriptor((uint32_t)(uintptr_t)block) | ACCESSED));
		uint64_t first = 0, second = 0;
		struct sigaction fault = { .sa_handler = on_fault }, old;
		sigaction(SIGSEGV, &fault, &old);
		if (!sigsetjmp(no_ldt, 1)) {
			read_through_fs(ldt_selector(index), &first, &second);
			CHECK(first == block[0]);
			CHECK(second == block[1]);
		} else {
			printf("ldt: NOT CHECKED: reading through %%fs, as this host faults on loading any LDT selector\n");
		}
		sigaction(SIGSEGV, &old, 0);
	}
	printf("ldt: %d checks passed, %d failed\n", passed, failed);
	return failed != 0;
}
