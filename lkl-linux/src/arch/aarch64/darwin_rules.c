/* --darwin-rules (LAMINA_PLAN_DARWIN_RULES): guest code loaded and run
 * under the rules lkl-darwin must follow on Apple Silicon, so that they are
 * exercised here under qemu (lkl-common/src/arm64/rewrite.h):
 * - every executable mapping the guest gets, the loader's included, is an
 *   anonymous copy of the file's bytes, rewritten, then made read-execute:
 *   no executable file mapping, and never writable and executable at once:
 *   memory the guest asked to be both (a JIT's) is read-write until it is
 *   executed, then rewritten and read-execute until it is written, flipped
 *   by the host's SIGSEGV handler;
 * - the host owns tpidr_el0, as %gs on x86-64 (thread_pointer.c); the
 *   guest's thread pointer lives in its thread's guest_tp;
 * - a guest `svc` calls darwin_svc_entry (start.S), which keeps every
 *   register but x0, as svc does;
 * - pages are 16 KiB: AT_PAGESZ, and the loader's mappings (elf_page). */
#include <asm/errno.h>
#include <linux/mman.h>
#include <asm-generic/signal-defs.h>
#include <asm/stat.h>
#include "darwin_rules.h"
#include "dispatch.h"
#include "elf_loader.h"
#include "host_syscall.h"
#include "code_ranges.h"
#include "rewrite.h"
#include "start.h"
#include "state.h"

#define PAGE16 16384ul

int darwin_rules;

/* start.S */
void darwin_svc_entry(void);

static void on_segv(int sig, struct lx_siginfo_fault *info, void *uc);

void darwin_rules_enable(void)
{
	struct thread_state *t = thread_current();
	darwin_rules = 1;
	elf_page = PAGE16;
	thread_bind(t); /* tpidr_el0 is the host's from now on; its svc stack */
	struct lx_sigaction sa = {
		.handler = (void *)on_segv,
		.flags = SA_SIGINFO | LX_SA_RESTORER | SA_NODEFER | SA_ONSTACK,
		.restorer = (void *)host_sigreturn,
	};
	host_syscall4(__NR_rt_sigaction, LX_SIGSEGV, &sa, 0, 8);
}

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

static uint64_t page_up(uint64_t v) { return (v + PAGE16 - 1) & ~(PAGE16 - 1); }

/* Room for len bytes of stubs within a branch's reach of [at, at + size):
 * tried after it and before it, at doubling distances (the loader's
 * reservation of the rest of the program may lie right after it). A free
 * place the host gives elsewhere is given back. */
static long place_stubs(uint64_t at, uint64_t size, uint64_t len)
{
	for (unsigned k = 0; k < 2 * 13; k++) {
		uint64_t step = PAGE16 << (k / 2);
		uint64_t hint = k % 2 == 0 ? page_up(at + size) + step - PAGE16 : (at & ~(PAGE16 - 1)) - len - step + PAGE16;
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
	struct arm64_rules rules = {
		.svc_entry = (uint64_t)darwin_svc_entry,
		.host_tp_mrs = ARM64_MRS_TPIDR_EL0,
		.tp_slot = __builtin_offsetof(struct thread_state, guest_tp),
	};
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

/* Where a mapping the host may place goes: 16 KiB-aligned, as a kernel with
 * 16 KiB pages would place it (loaders align segments to the page by
 * address). The place is reserved; the caller maps over it (MAP_FIXED). */
static long place_aligned(long addr, long len, long *flags)
{
	if (*flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) return addr;
	uint64_t room = (uint64_t)len + PAGE16;
	long r = host_syscall6(__NR_mmap, addr, room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host_is_error(r)) return r;
	uint64_t at = page_up((uint64_t)r);
	if (at > (uint64_t)r) host_syscall2(__NR_munmap, r, at - (uint64_t)r);
	uint64_t end = page_up(at + (uint64_t)len);
	if ((uint64_t)r + room > end) host_syscall2(__NR_munmap, end, (uint64_t)r + room - end);
	*flags |= MAP_FIXED;
	return (long)at;
}

long darwin_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	if (prot & PROT_EXEC) return darwin_map_copy(addr, len, prot, flags, fd, off);
	addr = place_aligned(addr, len, &flags);
	if (host_is_error(addr)) return addr;
	long m = host_syscall6(__NR_mmap, addr, len, prot, flags, fd, off);
	if (host_is_error(m) || (flags & MAP_ANONYMOUS) || !(flags & MAP_PRIVATE)) return m;
	/* With 16 KiB pages the file's last page reads zeros past its end (a
	 * loader clears a segment's bss there); on the host's 4 KiB pages the
	 * mapping would fault past the 4 KiB page the end is in. */
	struct stat st;
	if (host_syscall2(__NR_fstat, fd, &st)) return m;
	uint64_t end4 = ((uint64_t)st.st_size + 4095) & ~4095ul, end16 = page_up((uint64_t)st.st_size);
	uint64_t from = (uint64_t)m + (end4 > (uint64_t)off ? end4 - (uint64_t)off : 0);
	uint64_t to = (uint64_t)m + (end16 > (uint64_t)off ? end16 - (uint64_t)off : 0);
	if (to > (uint64_t)m + (uint64_t)len) to = (uint64_t)m + (uint64_t)len;
	if (to > from)
		host_syscall6(__NR_mmap, from, to - from, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return m;
}

long darwin_map_copy(long addr, long len, long prot, long flags, long fd, long off)
{
	int wx = (prot & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC);
	if (wx) prot &= ~PROT_EXEC; /* W^X: writable first, executable once executed */
	addr = place_aligned(addr, len, &flags);
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

/* A fault in memory the guest asked to be writable and executable: at the
 * pc, it was executed (rewritten, then read-execute); elsewhere, written
 * (read-write). Any other fault is the guest's. */
static void on_segv(int sig, struct lx_siginfo_fault *info, void *uc)
{
	uint64_t addr = (uint64_t)info->addr, pc = (uint64_t)((long *)((char *)uc + LX_UC_MCONTEXT))[LX_REG_PC], lo, hi;
	if (info->code == LX_SEGV_ACCERR && flipped_find(addr, &lo, &hi)) {
		long r;
		if (addr == pc) {
			r = host_syscall3(__NR_mprotect, lo, hi - lo, PROT_READ | PROT_WRITE);
			if (!r) r = rewrite(lo, hi - lo);
			if (!r) r = host_syscall3(__NR_mprotect, lo, hi - lo, PROT_READ | PROT_EXEC);
		} else {
			r = host_syscall3(__NR_mprotect, lo, hi - lo, PROT_READ | PROT_WRITE);
		}
		if (!r) return;
	}
	signal_to_guest(sig, info, uc);
}

static int on_svc_stack(const struct thread_state *t, uint64_t sp)
{
	return sp >= t->svc_top - DARWIN_SVC_STACK && sp < t->svc_top;
}

/* A signal that interrupted the host on the svc stack: its handler's calls
 * start below the interrupted frames, not at the top (darwin_svc_entry
 * takes svc_stack when the guest's stack pointer is not on that stack). */
uint64_t darwin_handler_enter(struct thread_state *t, const void *uc)
{
	uint64_t entered = t->svc_stack;
	if (!darwin_rules) return entered;
	uint64_t sp = (uint64_t)((const long *)((const char *)uc + LX_UC_MCONTEXT))[LX_REG_SP];
	if (!on_svc_stack(t, sp) || sp >= t->svc_stack) return entered;
	t->svc_stack = sp & ~15ul;
	const struct { uint64_t sp; int flags; uint64_t size; } *ss = (const void *)((const char *)uc + LX_UC_STACK);
	int on_alt = (uint64_t)uc >= ss->sp && (uint64_t)uc < ss->sp + ss->size;
	t->handler_lo = on_alt ? ss->sp : 0;
	t->handler_hi = on_alt ? ss->sp + ss->size : 0;
	return entered;
}

void darwin_handler_leave(struct thread_state *t, uint64_t entered)
{
	t->svc_stack = entered;
}

/* A rewritten svc (darwin_svc_entry, which saved the registers at regs):
 * its stub continues at regs[30]. A clone that makes a thread starts it
 * with these registers (darwin_clone_child). */
long darwin_svc(const long *regs)
{
	long nr = regs[8];
	struct thread_state *t = thread_current();
	uint64_t sp = (uint64_t)regs[DARWIN_SVC_GUEST_SP];
	/* Made from neither the svc stack nor the handler's stack: the handler
	 * that lowered svc_stack was left by longjmp. */
	if (t->svc_stack != t->svc_top && !on_svc_stack(t, sp) && !(sp >= t->handler_lo && sp < t->handler_hi))
		t->svc_stack = t->svc_top;
	if (nr == __NR_clone && (regs[0] & LX_CLONE_THREAD))
		return thread_clone_regs(regs[0], (void *)regs[1], (int *)regs[2], (void *)regs[3], (int *)regs[4], regs);
	return guest_call((void *)regs[DARWIN_SVC_STUB], nr, regs[0], regs[1], regs[2], regs[3], regs[4], regs[5]);
}

_Static_assert(__builtin_offsetof(struct thread_state, svc_stack) == 8, "start.S reads the svc stack at 8");
_Static_assert(DARWIN_SVC_STACK == 0x10000, "start.S's svc stack size");
