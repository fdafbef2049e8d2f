/* A data segment descriptor for the process's LDT, whose base is a guest
 * thread pointer on an Intel Mac (thread_pointer.c, docs/macos.md). Pure:
 * test/ldt_test.c loads one on Linux, where modify_ldt takes the same
 * descriptors, and reads through %fs. */
#ifndef LDT_H
#define LDT_H
#include <stdint.h>

/* A descriptor's base has 32 bits: loading %fs in 64-bit mode sets the
 * FS base to it, zero-extended. */
#define LDT_BASE_MAX 0xffffffffull
/* Present, DPL 3, data, read-write: one of the kinds XNU's i386_set_ldt
 * accepts (osfmk/i386/user_ldt.c); the accessed bit it ignores. */
#define LDT_ACCESS_DATA_RW 0xf2u
/* Page granularity and a 32-bit segment; never the L bit (XNU refuses
 * SZ_64 in an LDT). */
#define LDT_FLAGS_G_32 0xcu

static inline uint64_t ldt_data_descriptor(uint32_t base)
{
	return 0xffffull                          /* limit 0..15: the whole 4 GiB */
	     | (uint64_t)(base & 0xffffff) << 16  /* base 0..23 */
	     | (uint64_t)LDT_ACCESS_DATA_RW << 40
	     | 0xfull << 48                       /* limit 16..19 */
	     | (uint64_t)LDT_FLAGS_G_32 << 52
	     | (uint64_t)(base >> 24) << 56;      /* base 24..31 */
}

/* The selector of LDT entry `index`: table indicator 1 (the LDT), RPL 3. */
static inline uint16_t ldt_selector(unsigned index)
{
	return (uint16_t)(index << 3 | 4 | 3);
}

#endif
