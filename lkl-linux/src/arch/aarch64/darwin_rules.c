/* --darwin-rules (LAMINA_PLAN_DARWIN_RULES): guest code loaded and run
 * under the rules lkl-darwin must follow on Apple Silicon, so that they are
 * exercised here under qemu (lkl-common/src/arm64/rewrite.h):
 * - every executable mapping the guest gets, the loader's included, is an
 *   anonymous rewritten copy, never writable and executable at once
 *   (lkl-common/src/arm64/darwin_maps.c, lkl-darwin's too), flipped by the
 *   host's SIGSEGV handler;
 * - the host owns tpidr_el0, as %gs on x86-64 (thread_pointer.c); the
 *   guest's thread pointer lives in its thread's guest_tp;
 * - a guest `svc` calls darwin_svc_entry (svc_entry.S), which keeps every
 *   register but x0, as svc does;
 * - pages are 16 KiB: AT_PAGESZ, and the loader's mappings (elf_page);
 *   this host's are 4 KiB, so mappings are placed 16 KiB-aligned and a
 *   file's last 16 KiB page reads zeros past its end (darwin_mmap), as a
 *   Mac's own pages do. */
#include <asm/errno.h>
#include <linux/mman.h>
#include <asm-generic/signal-defs.h>
#include <asm/stat.h>
#include "darwin_rules.h"
#include "dispatch.h"
#include "elf_loader.h"
#include "host_syscall.h"
#include "start.h"
#include "state.h"

int darwin_rules;

static void on_segv(int sig, struct lx_siginfo_fault *info, void *uc);

void darwin_rules_enable(void)
{
	struct thread_state *t = thread_current();
	darwin_rules = 1;
	elf_page = DARWIN_PAGE;
	darwin_maps_rules(&(struct arm64_rules){
		.svc_entry = (uint64_t)darwin_svc_entry,
		.host_tp_mrs = ARM64_MRS_TPIDR_EL0,
		.tp_slot = __builtin_offsetof(struct thread_state, guest_tp),
	});
	thread_bind(t); /* tpidr_el0 is the host's from now on; its svc stack */
	struct lx_sigaction sa = {
		.handler = (void *)on_segv,
		.flags = SA_SIGINFO | LX_SA_RESTORER | SA_NODEFER | SA_ONSTACK,
		.restorer = (void *)host_sigreturn,
	};
	host_syscall4(__NR_rt_sigaction, LX_SIGSEGV, &sa, 0, 8);
}

long darwin_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	if (prot & PROT_EXEC) return darwin_map_copy(addr, len, prot, flags, fd, off);
	addr = darwin_place_aligned(addr, len, &flags);
	if (host_is_error(addr)) return addr;
	long m = host_syscall6(__NR_mmap, addr, len, prot, flags, fd, off);
	if (host_is_error(m) || (flags & MAP_ANONYMOUS) || !(flags & MAP_PRIVATE)) return m;
	/* With 16 KiB pages the file's last page reads zeros past its end (a
	 * loader clears a segment's bss there); on the host's 4 KiB pages the
	 * mapping would fault past the 4 KiB page the end is in. */
	struct stat st;
	if (host_syscall2(__NR_fstat, fd, &st)) return m;
	uint64_t end4 = ((uint64_t)st.st_size + 4095) & ~4095ul, end16 = ((uint64_t)st.st_size + DARWIN_PAGE - 1) & ~(DARWIN_PAGE - 1);
	uint64_t from = (uint64_t)m + (end4 > (uint64_t)off ? end4 - (uint64_t)off : 0);
	uint64_t to = (uint64_t)m + (end16 > (uint64_t)off ? end16 - (uint64_t)off : 0);
	if (to > (uint64_t)m + (uint64_t)len) to = (uint64_t)m + (uint64_t)len;
	if (to > from)
		host_syscall6(__NR_mmap, from, to - from, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	return m;
}

/* A fault in memory the guest asked to be writable and executable flips
 * it (darwin_maps.h); any other fault is the guest's. */
static void on_segv(int sig, struct lx_siginfo_fault *info, void *uc)
{
	uint64_t pc = (uint64_t)((long *)((char *)uc + LX_UC_MCONTEXT))[LX_REG_PC];
	if (info->code == LX_SEGV_ACCERR && darwin_flip((uint64_t)info->addr, pc)) return;
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

_Static_assert(__builtin_offsetof(struct thread_state, svc_stack) == DARWIN_SVC_STACK_AT, "svc_entry.S reads the svc stack there");
