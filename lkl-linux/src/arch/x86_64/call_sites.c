/* Call sites of a program that another libc's loader loads (glibc's ld.so),
 * rewritten at their first trap so that later calls reach the dispatcher
 * without one: a trap (SIGSYS, its frame and rt_sigreturn) costs about 4-7
 * µs here, a call about as much as the host call it makes.
 *
 * Only the commonest shape is rewritten, `mov $NR,%eax` (5 bytes, the number
 * the trap saw) right before `syscall`: the mov becomes `jmp SLOT`, and the
 * syscall instruction stays. A branch to the mov finds the jmp, a branch to
 * the syscall (or a thread stopped between the two) still traps, and a
 * thread in the trap returns after the syscall as before: no instruction
 * boundary moves. Bytes that only look like that mov (the end of a longer
 * instruction: a REX prefix or an opcode before them, an immediate's
 * opcode two or three bytes back) are left alone, as are other shapes (the
 * number set by xor or from a register) and the calls whose trap handling
 * reads the signal frame (clone, fork, vfork, rt_sigprocmask, sigaltstack,
 * rt_sigreturn): they keep trapping.
 *
 * A slot (64 bytes, in a pool within a jmp's reach of the site) sets eax,
 * steps over the red zone, calls call_site_entry (start.S), which keeps
 * every register the syscall instruction keeps and calls the dispatcher as
 * the trap does, steps back and jumps to the instruction after the syscall.
 * It runs on the guest's stack: Go programs (cgo's are loaded by glibc's
 * ld.so too) keep trapping, their runtime calling from goroutine stacks
 * with no room for the dispatcher's frames, where a trap runs on the
 * signal stack. Not seen: Go code in a shared library (-buildmode=c-shared)
 * that a glibc program loads. A code page that is a writable shared
 * mapping of a file would take the jmp into the file. */
#include <asm/errno.h>
#include <asm/unistd.h>
#include <linux/mman.h>
#include <lamina/linux_abi.h>
#include "call_sites.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "state.h"

/* start.S */
void call_site_entry(void);
/* The linker's bounds of the init host's code. */
extern const char __executable_start[], etext[];

#define SLOT_SIZE 64
#define SLOT_ENTRY 48   /* &call_site_entry, which the slot calls through */
#define SLOT_PC 56      /* the guest pc after the syscall instruction */
#define SLOT_RETURN 16  /* where call_site_entry returns to in the slot */
_Static_assert(SLOT_PC - SLOT_RETURN == CALL_SITE_PC_FROM_RETURN, "start.S finds the pc so");
#define POOL_SIZE (64 * 1024)
#define POOLS 16
/* A rel32 reaches ±2 GiB; pools are placed well inside that. */
#define REACH (1L << 30)

struct pool {
	unsigned char *base;
	unsigned long used;
};
static struct pool pools[POOLS];
static int lock;

static int near(const void *a, const void *b)
{
	long d = (const char *)a - (const char *)b;
	return d > -REACH && d < REACH;
}

static long pool_map(long at, int fixed)
{
	return host_syscall6(__NR_mmap, at, POOL_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
	                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | (fixed ? MAP_FIXED_NOREPLACE : 0), -1, 0);
}

/* A pool within reach of site: one there already, or a new one where the
 * host puts it (next to the libraries, usually), else the first free place
 * near the site, below or above it. */
static struct pool *pool_near(const unsigned char *site)
{
	struct pool *p = 0;
	for (int i = 0; i < POOLS; i++) {
		if (pools[i].base && near(pools[i].base, site) && pools[i].used + SLOT_SIZE <= POOL_SIZE) return &pools[i];
		if (!pools[i].base && !p) p = &pools[i];
	}
	if (!p) return 0;
	long at = pool_map(0, 0);
	if (!host_is_error(at) && !near((void *)at, site)) {
		host_syscall2(__NR_munmap, at, POOL_SIZE);
		at = -ENOMEM;
	}
	long aligned = (long)site & ~(long)(POOL_SIZE - 1);
	for (long step = 1; host_is_error(at) && step <= 256; step++) { /* bounded: else the site keeps trapping */
		if (aligned - step * POOL_SIZE > 0) at = pool_map(aligned - step * POOL_SIZE, 1);
		if (host_is_error(at)) at = pool_map(aligned + step * POOL_SIZE, 1);
	}
	if (host_is_error(at)) return 0;
	p->base = (unsigned char *)at;
	p->used = 0;
	return p;
}

static void put32(unsigned char *at, long v)
{
	for (int i = 0; i < 4; i++) at[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *at, unsigned long v)
{
	for (int i = 0; i < 8; i++) at[i] = (unsigned char)(v >> (8 * i));
}

/* The slot for a site of call nr that resumes at after. */
static unsigned char *slot_make(struct pool *p, long nr, const unsigned char *after)
{
	unsigned char *s = p->base + p->used;
	for (int i = 0; i < SLOT_SIZE; i++) s[i] = 0xcc; /* int3 */
	s[0] = 0xb8; put32(s + 1, nr);                                        /* mov $nr,%eax */
	s[5] = 0x48; s[6] = 0x8d; s[7] = 0x64; s[8] = 0x24; s[9] = 0x80;      /* lea -0x80(%rsp),%rsp */
	s[10] = 0xff; s[11] = 0x15; put32(s + 12, SLOT_ENTRY - SLOT_RETURN);  /* call *SLOT_ENTRY(%rip) */
	static const unsigned char back[] = { 0x48, 0x8d, 0xa4, 0x24, 0x80, 0, 0, 0 }; /* lea 0x80(%rsp),%rsp */
	for (unsigned i = 0; i < sizeof back; i++) s[SLOT_RETURN + i] = back[i];
	s[24] = 0xe9; put32(s + 25, after - (s + 29));                        /* jmp after */
	put64(s + SLOT_ENTRY, (unsigned long)call_site_entry);
	put64(s + SLOT_PC, (unsigned long)after);
	p->used += SLOT_SIZE;
	return s;
}

static int frame_call(long nr)
{
	return nr == __NR_clone || nr == __NR_clone3 || nr == __NR_fork || nr == __NR_vfork || nr == __NR_rt_sigprocmask ||
	       nr == __NR_sigaltstack || nr == __NR_rt_sigreturn;
}

/* Whether the byte at p can be written (process_vm_writev honours
 * protections): it is written with the value it has. */
static int writable(unsigned char *p)
{
	unsigned char v = *p;
	struct { void *base; unsigned long len; } local = { &v, 1 }, remote = { p, 1 };
	return host_syscall6(__NR_process_vm_writev, host_syscall0(__NR_getpid), (long)&local, 1, (long)&remote, 1, 0) == 1;
}

/* Writes the 5-byte jmp over the mov at site so that a thread running the
 * code sees the old instruction or the new, never a mix: one aligned store
 * of the 8 bytes around it, or of 16 (cmpxchg16b, which fails if they
 * changed meanwhile); else only with no other thread to see it (this one's
 * signals are blocked). Code that is not writable (a library's) is made so
 * for the moment, executable throughout; a site across two pages of which
 * one is writable and one is not is left alone. */
static int site_write(unsigned char *site, const unsigned char jmp[5])
{
	unsigned long off8 = (unsigned long)site & 7, off16 = (unsigned long)site & 15;
	if (off8 > 3 && off16 > 11 && thread_others_live()) return 0;
	unsigned long page = (unsigned long)site & ~4095ul, end = ((unsigned long)site + 5 + 4095) & ~4095ul;
	int first = writable(site), last = writable(site + 4);
	if (first != last) return 0;
	if (!first && host_syscall3(__NR_mprotect, page, end - page, PROT_READ | PROT_WRITE | PROT_EXEC)) return 0;
	int done = 1;
	if (off8 <= 3) {
		uint64_t *w = (uint64_t *)(site - off8), old = __atomic_load_n(w, __ATOMIC_SEQ_CST), v = old;
		for (int i = 0; i < 5; i++) ((unsigned char *)&v)[off8 + i] = jmp[i];
		done = __atomic_compare_exchange_n(w, &old, v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	} else if (off16 <= 11) {
		uint64_t *w = (uint64_t *)(site - off16), lo = w[0], hi = w[1], v[2] = { lo, hi };
		for (int i = 0; i < 5; i++) ((unsigned char *)v)[off16 + i] = jmp[i];
		unsigned char swapped;
		__asm__ __volatile__("lock cmpxchg16b %0\n\tsete %1"
		                     : "+m"(*(volatile uint64_t(*)[2])w), "=q"(swapped), "+a"(lo), "+d"(hi)
		                     : "b"(v[0]), "c"(v[1])
		                     : "memory", "cc");
		done = swapped;
	} else {
		for (int i = 0; i < 5; i++) site[i] = jmp[i];
	}
	if (!first) host_syscall3(__NR_mprotect, page, end - page, PROT_READ | PROT_EXEC);
	return done;
}

/* The 10 bytes before after_syscall, read without faulting when they begin
 * on the page before (which may not be mapped): 0 when they cannot be. */
static int code_before(const unsigned char *after_syscall, unsigned char out[10])
{
	const unsigned char *from = after_syscall - 10;
	if (((unsigned long)after_syscall & 4095) >= 10) {
		for (int i = 0; i < 10; i++) out[i] = from[i];
		return 1;
	}
	struct { const void *base; unsigned long len; } local = { out, 10 }, remote = { from, 10 };
	return host_syscall6(__NR_process_vm_readv, host_syscall0(__NR_getpid), (long)&local, 1, (long)&remote, 1, 0) == 10;
}

/* b[3..7] is `mov $nr,%eax` and b[8..9] `syscall`, as far as the bytes
 * before can tell: not a REX-prefixed mov to r8d-r15d, nor the modrm byte
 * of an instruction with a 32-bit displacement and no immediate (an opcode
 * right before), nor a displacement or SIB byte followed by an immediate
 * (the opcodes that take one, two or three bytes back), nor after a prefix
 * or an escape byte. What remains would have to set eax to the same number
 * the trap saw. */
static int mov_then_syscall(const unsigned char b[10], long nr)
{
	static const unsigned char modrm_ops[] = { 0x01, 0x03, 0x09, 0x0b, 0x11, 0x13, 0x19, 0x1b, 0x21, 0x23, 0x29, 0x2b, 0x31,
	                                           0x33, 0x39, 0x3b, 0x63, 0x84, 0x85, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8d, 0xf6, 0xf7,
	                                           0x0f, 0x66, 0xf2, 0xf3 };
	if (b[3] != 0xb8 || (b[4] | b[5] << 8 | b[6] << 16 | (long)b[7] << 24) != nr || b[8] != 0x0f || b[9] != 0x05) return 0;
	if (b[2] >= 0x40 && b[2] <= 0x4f) return 0;
	for (unsigned i = 0; i < sizeof modrm_ops; i++)
		if (b[2] == modrm_ops[i]) return 0;
	for (int back = 1; back <= 2; back++)
		if (b[2 - back] == 0x69 || b[2 - back] == 0x81 || b[2 - back] == 0xc7 || b[2 - back] == 0xf7) return 0;
	return 1;
}

void call_sites_patch(long nr, void *after_syscall)
{
	unsigned char b[10];
	if (!process.call_sites || frame_call(nr) || nr < 0 || !code_before(after_syscall, b) || !mov_then_syscall(b, nr)) return;
	unsigned char *site = (unsigned char *)after_syscall - 7;
	if ((const char *)site >= __executable_start && (const char *)site < etext) return;
	/* No guest handler runs meanwhile: one on this thread would find the
	 * site half written, or leave by longjmp with the lock taken. */
	uint64_t all = ~0ull, before;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, (long)&all, (long)&before, 8);
	if (!__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) { /* else another thread is at it: trap this time */
		struct pool *p = site[0] == 0xb8 ? pool_near(site) : 0;
		if (!p && site[0] == 0xb8) process.call_sites = 0; /* no room near the code: stop trying */
		if (p) {
			unsigned char *slot = slot_make(p, nr, after_syscall);
			unsigned char jmp[5] = { 0xe9 };
			put32(jmp + 1, slot - (site + 5));
			if (!site_write(site, jmp)) p->used -= SLOT_SIZE;
		}
		__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	}
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, (long)&before, 0, 8);
}
