/* The guest's start on a Mac, after the plan: its program and interpreter
 * checked and loaded by elf-loader (the shared steps of exec_plan.h), its
 * stack built and the kernel told of it, then a jump into it. Written in
 * Linux's terms, as lkl-linux's init_main is: every call goes through the
 * Darwin host layer. On arm64 the loader's executable mappings are
 * rewritten copies (darwin_maps.h) and pages are 16 KiB; on an Intel Mac
 * the guest's memory lies below 4 GiB first, where an LDT descriptor can
 * hold its thread pointer (x86_64/thread_pointer.c, docs/macos.md). */
#include <asm/errno.h>
#include <linux/mman.h>
#include <linux/resource.h>
#include "dispatcher.h"
#include "exec_plan.h"
#include "host_syscall.h"
#include "start.h"
#include "util.h"
#if defined(__aarch64__)
#include <asm/hwcap.h>
#include "darwin_maps.h"
#include "svc_entry.h"
#else
#include "enter_guest.h"
#endif

/* The guest's main stack, as lkl-linux's: as large as RLIMIT_STACK says,
 * within bounds, with a gap of nothing below it. */
#define GUEST_STACK_MIN (128ul << 10)
#define GUEST_STACK_MAX (1ul << 30)
#define GUEST_STACK_GAP (1ul << 20)

long elf_host_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return host_syscall4(__NR_pread64, fd, buf, len, off);
}

long elf_host_mmap(uint64_t addr, size_t len, int prot, int flags, int fd, uint64_t off)
{
#if defined(__aarch64__)
	if (prot & PROT_EXEC) return darwin_map_copy((long)addr, (long)len, prot, flags, fd, (long)off);
#endif
	return host_syscall6(__NR_mmap, addr, len, prot, flags, fd, off);
}

long elf_host_munmap(uint64_t addr, size_t len)
{
#if defined(__aarch64__)
	return darwin_munmap((long)addr, (long)len);
#else
	return host_syscall2(__NR_munmap, addr, len);
#endif
}

long elf_host_mprotect(uint64_t addr, size_t len, int prot)
{
#if defined(__aarch64__)
	return darwin_mprotect((long)addr, (long)len, prot);
#else
	return host_syscall3(__NR_mprotect, addr, len, prot);
#endif
}

/* Linux's AT_HWCAP: on arm64 what every Apple Silicon CPU has of Linux's
 * (programs do without the rest), on x86-64 CPUID leaf 1's EDX, as Linux
 * gives it. */
static uint64_t guest_hwcap(void)
{
#if defined(__aarch64__)
	return HWCAP_FP | HWCAP_ASIMD;
#else
	unsigned a = 1, b, c = 0, d;
	__asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	(void)b;
	return d;
#endif
}

static uint64_t guest_stack(const char *name, uint64_t *size)
{
	struct rlimit64 limit = { GUEST_STACK_MAX, GUEST_STACK_MAX };
	host_syscall4(__NR_prlimit64, 0, RLIMIT_STACK, 0, &limit);
	*size = limit.rlim_cur < GUEST_STACK_MIN ? GUEST_STACK_MIN
	      : limit.rlim_cur > GUEST_STACK_MAX ? GUEST_STACK_MAX : (limit.rlim_cur + elf_page - 1) & ~(elf_page - 1);
	long stack = host_syscall6(__NR_mmap, 0, GUEST_STACK_GAP + *size, PROT_READ | PROT_WRITE,
	                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host_is_error(stack) || host_syscall3(__NR_mprotect, stack, GUEST_STACK_GAP, PROT_NONE))
		exec_fail(name, "no memory for the stack");
	return (uint64_t)stack + GUEST_STACK_GAP;
}

_Noreturn void darwin_start_guest(struct call *c, struct exec_plan *plan)
{
#if defined(__aarch64__)
	elf_page = DARWIN_PAGE;
#endif
	static struct elf_info program_info, interp_info;
	struct elf_image program, interp;
	exec_check(plan->execfn, plan->program_fd, &program_info);
	int has_interp = program_info.interp[0] != 0;
	if (!has_interp && plan->interp_fd >= 0) host_syscall1(__NR_close, plan->interp_fd);
	if (has_interp && plan->interp_fd < 0)
		exec_fail(program_info.interp, "the kernel sent no interpreter");
	if (has_interp) {
		exec_check(program_info.interp, plan->interp_fd, &interp_info);
		if (interp_info.interp[0]) exec_fail(program_info.interp, "an interpreter cannot have an interpreter");
	}
	exec_load(plan->execfn, plan->program_fd, &program_info, &program);
	host_syscall1(__NR_close, plan->program_fd);
	if (has_interp) {
		exec_load(program_info.interp, plan->interp_fd, &interp_info, &interp);
		host_syscall1(__NR_close, plan->interp_fd);
	}
	uint64_t stack_size, stack = guest_stack(plan->execfn, &stack_size);
	struct elf_stack_facts facts = {
		.argc = (int)plan->fixed.argc, .argv = plan->argv,
		.envc = (int)plan->fixed.envc, .envp = plan->envp,
		.execfn = plan->execfn,
		.uid = plan->fixed.ruid, .euid = plan->fixed.euid,
		.gid = plan->fixed.rgid, .egid = plan->fixed.egid,
		.secure = (plan->fixed.flags & LAMINA_PLAN_SECURE) != 0,
		.hwcap = guest_hwcap(),
		.clktck = 100,
		.host_abi = (uint64_t)&host_abi,
	};
	if (host_syscall3(__NR_getrandom, facts.random, sizeof facts.random, 0) != sizeof facts.random)
		exec_fail("init", "no random bytes for the program");
	uint64_t guest_sp = elf_build_stack((uint8_t *)stack + stack_size, stack_size, &program, has_interp ? &interp : 0, &facts);
	if (!guest_sp) exec_fail(plan->execfn, "the arguments and environment are too large");
	exec_report_args(c, guest_sp, 1);
	host_enter_guest(has_interp ? interp.entry : program.entry, guest_sp);
}
