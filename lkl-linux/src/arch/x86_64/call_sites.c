/* Call sites of a program that another libc's loader loads (glibc's ld.so),
 * rewritten once they have trapped a few times, so that later calls reach
 * the dispatcher without a trap: a trap (SIGSYS, its frame and
 * rt_sigreturn) costs about 4-7 µs here, a call about as much as the host
 * call it makes.
 *
 * `mov $NR,%eax` (5 bytes, the number the trap saw) right before `syscall`,
 * the commonest shape: the mov becomes `jmp SLOT`, and the syscall
 * instruction stays. A branch to the mov finds the jmp, a branch to the
 * syscall (or a thread stopped between the two) still traps, and a thread
 * in the trap returns after the syscall as before: no instruction boundary
 * moves. With other threads running, the jmp goes in by one locked store
 * where aligned 8 or 16 bytes hold the mov, else in steps with every core
 * made to refetch between them (code_write_spun). Bytes that only look like that mov (the end of a longer
 * instruction: a REX prefix or an opcode before them, an immediate's
 * opcode two or three bytes back) are left alone.
 *
 * `xor %eax,%eax; syscall` (glibc's read) has no room for a jmp: it moves
 * whole into a slot with the instruction before it, where the decoded
 * function says that is safe (patch_xor), in a process with one thread.
 *
 * Other shapes (the number from a register), and the calls whose trap
 * handling reads the signal frame (clone, fork, vfork, rt_sigprocmask,
 * sigaltstack, rt_sigreturn), keep trapping.
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
#include <linux/membarrier.h>
#include <linux/mman.h>
#include <lamina/linux_abi.h>
#include "call_sites.h"
#include "code_function.h"
#include "insn.h"
#include "dispatch.h"
#include "host_syscall.h"
#include "self_probe.h"
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
static struct pool *pool_near(const unsigned char *site, unsigned long size)
{
	struct pool *p = 0;
	for (int i = 0; i < POOLS; i++) {
		if (pools[i].base && near(pools[i].base, site) && pools[i].used + size <= POOL_SIZE) return &pools[i];
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

/* Whether the byte at p can be written: it is written with the value it has. */
static int writable(unsigned char *p)
{
	unsigned char v = *p;
	return self_probe_copy(p, &v, 1) == 0;
}

/* Every core that runs a thread of this process serializes (membarrier's
 * SYNC_CORE): none goes on with instructions fetched before the stores
 * made so far. 0 where the host cannot. */
static int cores_synced(void)
{
	return host_syscall3(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0;
}

/* Whether cores_synced can work in this process: registered before a first
 * site is touched (the registration waits out a grace period, which threads
 * would otherwise spend spinning at the site); after a refusal no site is
 * rewritten in steps. A barrier refused once registered (a forked child's
 * memory, were it not inherited) asks again. */
static int sync_state; /* 0: not asked, 1: ready, -1: refused */

static int cores_sync_ready(void)
{
	if (!sync_state)
		sync_state = host_syscall3(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0 ? 1 : -1;
	return sync_state > 0;
}

/* One locked store of the 2 bytes at `at`, unaligned but in one cache line:
 * whether they held `old`. */
static int swap2(unsigned char *at, uint16_t old, uint16_t v)
{
	unsigned char swapped;
	__asm__ __volatile__("lock cmpxchgw %3,%0\n\tsete %1"
	                     : "+m"(*(volatile uint16_t *)at), "=q"(swapped), "+a"(old)
	                     : "r"(v)
	                     : "memory", "cc");
	return swapped;
}

/* A 5-byte jmp over a 5-byte mov that no aligned 8 or 16 bytes hold, while
 * other threads may run it (a fifth of glibc's sites, futex's wake and
 * epoll_wait's among them): as Linux's text_poke_bp, in steps each thread
 * sees whole, with every core made to refetch between them. The first two
 * bytes become `jmp .` (one locked store: they must share a cache line),
 * on which a thread that comes meanwhile spins; then the last three bytes;
 * then the first two, completing the jmp. A fork waits for the steps'
 * end (call_sites_hold): a child copied between them would spin there. */
static int code_write_spun(unsigned char *at, const unsigned char *bytes)
{
	if (((unsigned long)at & 63) == 63 || !cores_sync_ready()) return 0;
	uint16_t old = (uint16_t)(at[0] | at[1] << 8);
	if (!swap2(at, old, 0xfeeb)) return 0;
	if (!cores_synced()) {
		swap2(at, 0xfeeb, old);
		sync_state = 0;
		return 0;
	}
	for (int i = 2; i < 5; i++) at[i] = bytes[i];
	cores_synced();
	swap2(at, 0xfeeb, (uint16_t)(bytes[0] | bytes[1] << 8));
	cores_synced();
	return 1;
}

/* Writes n bytes of code at `at` so that a thread running it sees the old
 * instructions or the new, never a mix: a 5-byte jmp over a 5-byte mov by
 * one aligned compare-and-swap of the 8 bytes around it, or of 16
 * (cmpxchg16b), or in steps (code_write_spun); anything else only with no
 * other thread to see it (this one's signals are blocked). Code that is not
 * writable (a library's) is made so for the moment, executable throughout;
 * code across a writable and a read-only page is left alone. */
static int code_write(unsigned char *at, const unsigned char *bytes, int n)
{
	unsigned long off8 = (unsigned long)at & 7, off16 = (unsigned long)at & 15;
	int atomic8 = n == 5 && off8 <= 3, atomic16 = n == 5 && off16 <= 11;
	int spun = n == 5 && !atomic8 && !atomic16 && thread_others_live();
	if (!atomic8 && !atomic16 && !spun && thread_others_live()) return 0;
	unsigned long page = (unsigned long)at & ~4095ul, end = ((unsigned long)at + n + 4095) & ~4095ul;
	int first = writable(at), last = writable(at + n - 1);
	if (first != last) return 0;
	if (!first && host_syscall3(__NR_mprotect, page, end - page, PROT_READ | PROT_WRITE | PROT_EXEC)) return 0;
	int done = 1;
	if (atomic8) {
		uint64_t *w = (uint64_t *)(at - off8), old = __atomic_load_n(w, __ATOMIC_SEQ_CST), v = old;
		for (int i = 0; i < n; i++) ((unsigned char *)&v)[off8 + i] = bytes[i];
		done = __atomic_compare_exchange_n(w, &old, v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	} else if (atomic16) {
		uint64_t *w = (uint64_t *)(at - off16), lo = w[0], hi = w[1], v[2] = { lo, hi };
		for (int i = 0; i < n; i++) ((unsigned char *)v)[off16 + i] = bytes[i];
		unsigned char swapped;
		__asm__ __volatile__("lock cmpxchg16b %0\n\tsete %1"
		                     : "+m"(*(volatile uint64_t(*)[2])w), "=q"(swapped), "+a"(lo), "+d"(hi)
		                     : "b"(v[0]), "c"(v[1])
		                     : "memory", "cc");
		done = swapped;
	} else if (spun) {
		done = code_write_spun(at, bytes);
	} else {
		for (int i = 0; i < n; i++) at[i] = bytes[i];
	}
	if (!first) host_syscall3(__NR_mprotect, page, end - page, PROT_READ | PROT_EXEC);
	return done;
}

/* Traps counted per site, so that only a site that traps often is
 * rewritten: a rewrite costs what a few traps cost (a mov's) or a few
 * hundred (a moved read's, with its function decoded and its object's
 * code searched), and most sites of a short-lived program trap once or
 * twice. Open addressing over the site's address; when it is full, sites
 * not in it are not rewritten. */
#define COUNTED 1024
#define MOV_TRAPS 16
#define XOR_TRAPS 1024
static struct {
	const void *site;
	int traps;
} counts[COUNTED];

/* How many times the site that ends at after has trapped, this time
 * included (0: no room to count it). */
static int traps_at(const void *after)
{
	unsigned long h = ((unsigned long)after * 0x9e3779b97f4a7c15ull) >> 54;
	for (int i = 0; i < 64; i++) {
		int at = (int)((h + i) & (COUNTED - 1));
		const void *k = __atomic_load_n(&counts[at].site, __ATOMIC_ACQUIRE);
		if (!k && __atomic_compare_exchange_n(&counts[at].site, &k, after, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) k = after;
		if (k == after) return __atomic_add_fetch(&counts[at].traps, 1, __ATOMIC_RELAXED);
	}
	return 0;
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
	return self_probe_copy(out, from, 10) == 0;
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

/* `mov $nr,%eax` before the syscall becomes a jmp to a slot that does the
 * same and calls; the syscall instruction stays. */
static void patch_mov(long nr, unsigned char *after)
{
	unsigned char *site = after - 7;
	struct pool *p = site[0] == 0xb8 ? pool_near(site, SLOT_SIZE) : 0; /* else done meanwhile */
	if (!p) {
		if (site[0] == 0xb8) process.call_sites = 0; /* no room near the code: stop trying */
		return;
	}
	unsigned char *slot = slot_make(p, nr, after);
	unsigned char jmp[5] = { 0xe9 };
	put32(jmp + 1, slot - (site + 5));
	if (!code_write(site, jmp, 5)) p->used -= SLOT_SIZE;
}

static long rel32(const unsigned char *p) { return (int)(p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24); }

/* Whether code in the segment, outside the function (decoded already),
 * looks like a relative branch to a or b: bytes that only look like one
 * count too, and leave the code alone. */
static int branch_from_elsewhere(struct code_range text, struct code_range fn, const unsigned char *a, const unsigned char *b)
{
	for (const unsigned char *p = text.start; p + 6 <= text.end; p++) {
		if (p == fn.start) p = fn.end;
		if (p + 6 > text.end) break;
		const unsigned char *t = 0;
		if (*p == 0xe8 || *p == 0xe9) t = p + 5 + rel32(p + 1);
		else if (*p == 0x0f && (p[1] & 0xf0) == 0x80) t = p + 6 + rel32(p + 2);
		else if ((*p & 0xf0) == 0x70 || *p == 0xeb || (*p >= 0xe0 && *p <= 0xe3)) t = p + 2 + (signed char)p[1];
		if (t == a || t == b) return 1;
	}
	return 0;
}

/* The moved sites: a guest signal handler that returns to an instruction
 * that was moved (the thread was there when the signal came, and the
 * handler's own call rewrote the site) goes on in its slot instead. */
#define MOVED 64
static struct {
	const unsigned char *xor, *call;
	unsigned char *head_xor, *slot;
} moved[MOVED];
static int nmoved;

void call_sites_resume(long *pc)
{
	for (int i = 0; i < nmoved; i++) {
		if ((const unsigned char *)*pc == moved[i].xor) *pc = (long)moved[i].head_xor;
		else if ((const unsigned char *)*pc == moved[i].call) *pc = (long)moved[i].slot;
	}
}

/* `xor %eax,%eax; syscall` (glibc's read) has no room for a jmp: it moves
 * into a slot with the instruction before it. Only in a process with one
 * thread (none other can be between them while they change), and only
 * where decoding the function from its start (its object's .eh_frame_hdr)
 * lands on each of them, nothing branches to the xor or the syscall (in
 * the function, or by what looks like a branch anywhere else in its
 * object's code), the function has no jump table, and the instruction
 * before moves: no rip-relative operand, no call; a conditional branch is
 * re-aimed from the slot. */
static void patch_xor(unsigned char *after)
{
	unsigned char *call = after - 2, *xor = call - 2;
	struct code_range fn, text;
	if (!code_function(call, &fn, &text) || text.end - text.start > (16l << 20)) return;
	const unsigned char *prev = 0, *at = fn.start;
	struct insn before = {0}, in;
	int landed = 0;
	while (at < fn.end) {
		if (!insn_decode(at, &in) || in.kind == INSN_INDIRECT) return;
		if ((in.kind == INSN_JCC || in.kind == INSN_JMP || in.kind == INSN_CALL) && (in.target == xor || in.target == call)) return;
		if (at == xor) landed = prev && prev + before.len == xor && in.len == 2;
		if (at == call && (!landed || in.kind != INSN_SYSCALL)) return;
		if (at < xor) prev = at, before = in;
		at += in.len;
	}
	if (!landed || at != fn.end) return;
	int jcc = before.kind == INSN_JCC && ((prev[0] & 0xf0) == 0x70 || (prev[0] == 0x0f && (prev[1] & 0xf0) == 0x80));
	if (!jcc && (before.kind != INSN_PLAIN || before.rip_relative)) return;
	if (branch_from_elsewhere(text, fn, xor, call) || nmoved == MOVED) return;
	struct pool *p = pool_near(prev, 2 * SLOT_SIZE);
	if (!p) return;
	/* the moved instruction and the xor, then the slot of call 0 */
	unsigned char *head = p->base + p->used;
	for (int i = 0; i < SLOT_SIZE; i++) head[i] = 0xcc;
	int n = 0;
	if (jcc) {
		head[0] = 0x0f;
		head[1] = 0x80 | ((prev[0] == 0x0f ? prev[1] : prev[0]) & 0x0f);
		put32(head + 2, before.target - (head + 6));
		n = 6;
	} else {
		for (; n < before.len; n++) head[n] = prev[n];
	}
	head[n] = 0x31, head[n + 1] = 0xc0;
	p->used += SLOT_SIZE;
	unsigned char *slot = slot_make(p, 0, after);
	head[n + 2] = 0xe9;
	put32(head + n + 3, slot - (head + n + 7));
	int len = (int)(after - prev);
	unsigned char code[20];
	for (int i = 0; i < len; i++) code[i] = 0xcc;
	code[0] = 0xe9;
	put32(code + 1, head - (prev + 5));
	moved[nmoved].xor = xor, moved[nmoved].call = call, moved[nmoved].head_xor = head + n, moved[nmoved].slot = slot;
	nmoved++;
	if (!code_write((unsigned char *)prev, code, len)) {
		p->used -= 2 * SLOT_SIZE;
		nmoved--;
	}
}

void call_sites_hold(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) host_cpu_relax();
}

void call_sites_release(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

void call_sites_patch(long nr, void *after_syscall)
{
	unsigned char b[10];
	if (!process.call_sites || frame_call(nr) || nr < 0 || !code_before(after_syscall, b)) return;
	int mov = mov_then_syscall(b, nr);
	int xor = nr == 0 && (b[6] == 0x31 || b[6] == 0x33) && b[7] == 0xc0 && b[8] == 0x0f && b[9] == 0x05 && !thread_others_live();
	if (!mov && !xor) return;
	int traps = traps_at(after_syscall);
	if (traps < (mov ? MOV_TRAPS : XOR_TRAPS)) return;
	unsigned char *after = after_syscall;
	if ((const char *)after - 10 < etext && (const char *)after > __executable_start) return;
	/* No guest handler runs meanwhile: one on this thread would find the
	 * code half written, or leave by longjmp with the lock taken. */
	uint64_t all = ~0ull, before;
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, (long)&all, (long)&before, 8);
	if (!__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) { /* else another thread is at it: trap this time */
		if (mov) patch_mov(nr, after);
		else if (after[-4] == b[6]) patch_xor(after); /* not moved meanwhile */
		__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
	}
	host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, (long)&before, 0, 8);
}
