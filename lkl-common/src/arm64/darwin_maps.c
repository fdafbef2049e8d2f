/* darwin_maps.h: the W^X copies and the flips between them. */
#include <asm/errno.h>
#include <linux/mman.h>
#include "code_ranges.h"
#include "darwin_maps.h"
#include "host_syscall.h"

static struct arm64_rules rules;

void darwin_maps_rules(const struct arm64_rules *r) { rules = *r; }

/* The ranges the guest asked to be writable and executable: each is one or
 * the other at a time. Few (JITs make few), so a small table under a lock;
 * a range is forgotten when unmapped or mapped anew. */
#define FLIPPED_MAX 64
static struct { uint64_t lo, hi; } flipped[FLIPPED_MAX];
static volatile int flipped_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&flipped_lock, 1, __ATOMIC_ACQUIRE)) host_syscall0(__NR_sched_yield);
}

static void unlock(void) { __atomic_store_n(&flipped_lock, 0, __ATOMIC_RELEASE); }

void darwin_maps_fork_hold(int hold)
{
	if (hold) lock();
	else unlock();
}

/* Forgets [lo, hi) and, if add, records it; -ENOMEM when the table is full. */
static long flipped_set(uint64_t lo, uint64_t hi, int add)
{
	long r = add ? -ENOMEM : 0;
	lock();
	for (int i = 0; i < FLIPPED_MAX; i++)
		if (flipped[i].hi > lo && flipped[i].lo < hi) flipped[i].lo = flipped[i].hi = 0;
	for (int i = 0; add && r && i < FLIPPED_MAX; i++)
		if (!flipped[i].hi) {
			flipped[i].lo = lo;
			flipped[i].hi = hi;
			r = 0;
		}
	unlock();
	return r;
}

/* The recorded range holding addr, in *lo and *hi; 0 if none. */
static int flipped_find(uint64_t addr, uint64_t *lo, uint64_t *hi)
{
	int found = 0;
	lock();
	for (int i = 0; i < FLIPPED_MAX && !found; i++)
		if (flipped[i].lo <= addr && addr < flipped[i].hi) {
			*lo = flipped[i].lo;
			*hi = flipped[i].hi;
			found = 1;
		}
	unlock();
	return found;
}

static uint64_t page_up(uint64_t v) { return (v + DARWIN_PAGE - 1) & ~(DARWIN_PAGE - 1); }

/* Room for len bytes of stubs within a branch's reach of [at, at + size):
 * tried after it and before it, at doubling distances (the loader's
 * reservation of the rest of the program may lie right after it). A free
 * place the host gives elsewhere is given back. */
static long place_stubs(uint64_t at, uint64_t size, uint64_t len)
{
	for (unsigned k = 0; k < 2 * 13; k++) {
		uint64_t step = DARWIN_PAGE << (k / 2);
		uint64_t hint = k % 2 == 0 ? page_up(at + size) + step - DARWIN_PAGE : (at & ~(DARWIN_PAGE - 1)) - len - step + DARWIN_PAGE;
		long s = host_syscall6(__NR_mmap, hint, len, PROT_READ | PROT_WRITE,
		                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (host_is_error(s)) continue;
		uint64_t lo = (uint64_t)s < at ? (uint64_t)s : at;
		uint64_t hi = (uint64_t)s + len > at + size ? (uint64_t)s + len : at + size;
		if (hi - lo < ARM64_BRANCH_RANGE) return s;
		host_syscall2(__NR_munmap, s, len);
	}
	return -ENOMEM;
}

/* Rewrites the writable code at [at, at + size) and makes its stubs. */
static long rewrite(uint64_t at, uint64_t size)
{
	size_t n = size / 4, sites = arm64_count_sites((const uint32_t *)at, n);
	if (!sites) return 0;
	uint64_t len = page_up(sites * ARM64_STUB_WORDS * 4);
	long s = place_stubs(at, size, len);
	if (host_is_error(s)) return s;
	if (arm64_rewrite((uint32_t *)at, n, at, (uint32_t *)s, len / 4, (uint64_t)s, &rules) < 0) {
		host_syscall2(__NR_munmap, s, len);
		return -ENOMEM;
	}
	__builtin___clear_cache((char *)at, (char *)at + size);
	__builtin___clear_cache((char *)s, (char *)s + len);
	return host_syscall3(__NR_mprotect, s, len, PROT_READ | PROT_EXEC);
}

/* A copied mapping's code rewritten: the part of it the file's executable
 * sections hold, when its section headers say; all of it otherwise (an
 * anonymous mapping, a file without them). */
static long rewrite_mapping(uint64_t m, uint64_t len, long flags, long fd, long off)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh[ARM64_SECTIONS_MAX];
	uint64_t ranges[ARM64_SECTIONS_MAX][2];
	if ((flags & MAP_ANONYMOUS) || host_syscall4(__NR_pread64, fd, &eh, sizeof eh, 0) != sizeof eh ||
	    eh.e_ident[EI_MAG0] != ELFMAG0 || eh.e_ident[EI_MAG1] != ELFMAG1 || eh.e_ident[EI_MAG2] != ELFMAG2 ||
	    eh.e_ident[EI_MAG3] != ELFMAG3 || eh.e_shentsize != sizeof sh[0] || !eh.e_shnum || eh.e_shnum > ARM64_SECTIONS_MAX ||
	    host_syscall4(__NR_pread64, fd, sh, eh.e_shnum * sizeof sh[0], eh.e_shoff) != (long)(eh.e_shnum * sizeof sh[0]))
		return rewrite(m, len);
	size_t n = arm64_code_ranges(sh, eh.e_shnum, (uint64_t)off, len, ranges, ARM64_SECTIONS_MAX);
	for (size_t i = 0; i < n; i++) {
		long r = rewrite(m + ranges[i][0] - (uint64_t)off, ranges[i][1] - ranges[i][0]);
		if (r < 0) return r;
	}
	return 0;
}

long darwin_place_aligned(long addr, long len, long *flags)
{
	if (*flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) return addr;
	uint64_t room = (uint64_t)len + DARWIN_PAGE;
	long r = host_syscall6(__NR_mmap, addr, room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host_is_error(r)) return r;
	uint64_t at = page_up((uint64_t)r);
	if (at > (uint64_t)r) host_syscall2(__NR_munmap, r, at - (uint64_t)r);
	uint64_t end = page_up(at + (uint64_t)len);
	if ((uint64_t)r + room > end) host_syscall2(__NR_munmap, end, (uint64_t)r + room - end);
	*flags |= MAP_FIXED;
	return (long)at;
}

long darwin_map_copy(long addr, long len, long prot, long flags, long fd, long off)
{
	int wx = (prot & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC);
	if (wx) prot &= ~PROT_EXEC; /* W^X: writable first, executable once executed */
	addr = darwin_place_aligned(addr, len, &flags);
	if (host_is_error(addr)) return addr;
	long m = host_syscall6(__NR_mmap, addr, len, PROT_READ | PROT_WRITE,
	                       (flags & ~(MAP_SHARED | MAP_SHARED_VALIDATE)) | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host_is_error(m)) return m;
	long r = 0;
	if (!(flags & MAP_ANONYMOUS))
		for (long got = 0; got < len; got += r) {
			r = host_syscall4(__NR_pread64, fd, m + got, len - got, off + got);
			if (r <= 0) break; /* past the end: zeros, where Linux would fault */
		}
	if (r >= 0 && (prot & PROT_EXEC)) r = rewrite_mapping((uint64_t)m, (uint64_t)len, flags, fd, off);
	if (r >= 0) r = host_syscall3(__NR_mprotect, m, len, prot);
	if (r >= 0) r = flipped_set((uint64_t)m, (uint64_t)m + (uint64_t)len, wx);
	if (r < 0) {
		host_syscall2(__NR_munmap, m, len);
		return r;
	}
	return m;
}

long darwin_munmap(long addr, long len)
{
	long r = host_syscall2(__NR_munmap, addr, len);
	if (!r) flipped_set((uint64_t)addr, (uint64_t)addr + (uint64_t)len, 0);
	return r;
}

long darwin_mprotect(long addr, long len, long prot)
{
	int wx = (prot & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC);
	long fl = flipped_set((uint64_t)addr, (uint64_t)addr + (uint64_t)len, wx);
	if (fl) return fl;
	if (!(prot & PROT_EXEC)) return host_syscall3(__NR_mprotect, addr, len, prot);
	if (prot & PROT_WRITE) return host_syscall3(__NR_mprotect, addr, len, prot & ~PROT_EXEC);
	/* Made executable: rewritten first (rewritten code has no site left). */
	long r = host_syscall3(__NR_mprotect, addr, len, PROT_READ | PROT_WRITE);
	if (r) return r;
	r = rewrite((uint64_t)addr, (uint64_t)len);
	long p = host_syscall3(__NR_mprotect, addr, len, r < 0 ? PROT_READ : prot);
	return r < 0 ? r : p;
}

int darwin_flip(uint64_t addr, uint64_t pc)
{
	uint64_t lo, hi;
	if (!flipped_find(addr, &lo, &hi)) return 0;
	long r = host_syscall3(__NR_mprotect, lo, hi - lo, PROT_READ | PROT_WRITE);
	if (!r && addr == pc) {
		r = rewrite(lo, hi - lo);
		if (!r) r = host_syscall3(__NR_mprotect, lo, hi - lo, PROT_READ | PROT_EXEC);
	}
	return !r;
}
