/* The init host's start: ask the kernel what to run, load it with
 * elf-loader, build its stack and jump into it. */
#include <asm/errno.h>
#include <linux/auxvec.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <lamina/channel.h>
#include <lamina/linux_abi.h>
#include "channel.h"
#include "darwin_rules.h"
#include "dispatch.h"
#include "elf_loader.h"
#include "exec_plan.h"
#include "fd_limit.h"
#include "host_syscall.h"
#include "route.h"
#include "seccomp.h"
#include "start.h"
#include "state.h"
#include "util.h"
#include "container_filter.h"
#include "process_filter.h"
#include "seccomp_lock.h"
#include "zygote.h"

/* The guest's main stack: as large as its RLIMIT_STACK says (a program
 * run after `ulimit -s unlimited` or a raised limit recurses deeper), within
 * what a reservation sensibly takes: unlimited reserves the most. */
#define GUEST_STACK_MIN (128ul << 10)
#define GUEST_STACK_MAX (1ul << 30)
/* Below it, nothing mapped that the guest can reach, as Linux's
 * stack_guard_gap keeps between a stack and other mappings: an overflow
 * faults at the stack's end (where Rust's guard page says "has overflowed
 * its stack"), never writing into a library's data mapped below. */
#define GUEST_STACK_GAP (1ul << 20)

struct process_state process;
struct thread_state main_thread;

long elf_host_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return host_syscall4(__NR_pread64, fd, buf, len, off);
}

long elf_host_mmap(uint64_t addr, size_t len, int prot, int flags, int fd, uint64_t off)
{
#if HAS_DARWIN_RULES
	if (darwin_rules) return darwin_map_copy(addr, len, prot, flags, fd, off);
#endif
	return host_syscall6(__NR_mmap, addr, len, prot, flags, fd, off);
}

long elf_host_munmap(uint64_t addr, size_t len) { return host_syscall2(__NR_munmap, addr, len); }

long elf_host_mprotect(uint64_t addr, size_t len, int prot)
{
#if HAS_DARWIN_RULES
	if (darwin_rules) return darwin_mprotect(addr, len, prot);
#endif
	return host_syscall3(__NR_mprotect, addr, len, prot);
}

/* `--ulimit`: the limits a process the kernel starts runs with; the
 * descriptor limit keeps the init host's room (fd_limit.h). */
static void set_rlimits(const struct exec_plan *p)
{
	for (uint32_t i = 0; i < p->fixed.nrlimit; i++) {
		struct lamina_rlimit l;
		memcpy(&l, p->rlimits + i * sizeof l, sizeof l);
		struct rlimit64 r = { l.cur, l.max };
		long e = l.resource == RLIMIT_NOFILE ? fd_limit_prlimit(&r, 0)
		                                     : host_syscall4(__NR_prlimit64, 0, l.resource, &r, 0);
		if (e == -EPERM) exec_fail("init", "a --ulimit hard limit above the host's needs CAP_SYS_RESOURCE, which Lamina lacks");
		if (e) exec_fail("init", "the host refused a --ulimit");
	}
}

static int open_interpreter(const char *path)
{
	long args[6] = { LX_AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0 };
	long fd = route_call(__NR_openat, args);
	if (fd < 0) exec_fail(path, fd == -ENOENT ? "the program's interpreter is missing in the image"
	                                     : "cannot open the program's interpreter");
	return (int)fd;
}

static void read_host_auxv(uint64_t *sp)
{
	long argc = (long)sp[0];
	uint64_t *p = sp + 1 + argc + 1;
	while (*p) p++;
	for (p++; p[0] != AT_NULL; p += 2) {
		switch (p[0]) {
		case AT_HWCAP: process.hwcap = p[1]; break;
		case AT_HWCAP2: process.hwcap2 = p[1]; break;
		case AT_CLKTCK: process.clktck = p[1]; break;
		case AT_MINSIGSTKSZ: process.minsigstksz = p[1]; break;
		case AT_SYSINFO_EHDR: vdso_init(p[1]); break;
		}
	}
}

/* The container's Landlock domain. The zygote that started this process
 * dropped the capabilities and installed the container filter (zygote.c);
 * checked, since without them the container would not be confined.
 * Returns the Landlock ABI. */
static long confine(void)
{
	if (!container_filter_present() || !process_filter_present() || host_syscall1(__NR_prctl, PR_GET_NO_NEW_PRIVS) != 1 || !capabilities_dropped())
		exec_fail("init", "a confined init host not started by the zygote");
	return landlock_confine();
}

/* "confined-exec PROGRAM ARGV...": confine this process, then become
 * PROGRAM (with ARGV), the init host of another architecture, which runs under an
 * emulator (qemu-user): guest code is then the emulator's, whose host calls
 * Landlock and the filters see as this machine's, and the domain outlives
 * the exec. The emulator cannot confine it itself. */
static _Noreturn void confined_exec(const char *program, char **argv)
{
	confine();
	seccomp_lock_install();
	char *envp[] = { 0 };
	long r = host_syscall3(__NR_execve, program, argv, envp);
	print_error("lamina: cannot start the init host for another architecture (", program,
	            r == -ENOEXEC ? "): its emulator is not registered with binfmt_misc" : ")", 0);
	host_exit(126);
}

/* The channel's number a re-exec passes, one of the init host's own. */
static int exec_channel(const char *arg)
{
	const int end = LAMINA_FD_EXTRA_FIRST + LAMINA_FD_EXTRA_COUNT;
	int n = 0;
	for (const char *c = arg; *c; c++) {
		if (*c < '0' || *c > '9' || n > end) exec_fail("init", "no channel to the Lamina kernel");
		n = n * 10 + (*c - '0');
	}
	/* a thread's channel: in the fixed range or the extra one */
	if (n < LAMINA_FD_FIRST || (n > LAMINA_CHANNEL_FD && n < LAMINA_FD_EXTRA_FIRST) || n >= end)
		exec_fail("init", "no channel to the Lamina kernel");
	return n;
}

/* A 64-bit value a re-exec passes on ("0x..."): the signals it kept ignored
 * (see signal_init_ignored), the guest's mask, its descriptor hard limit. */
static uint64_t exec_word(const char *arg)
{
	uint64_t v = 0;
	if (arg[0] != '0' || arg[1] != 'x') exec_fail("init", "a re-exec without its state");
	for (const char *c = arg + 2; *c; c++) {
		int d = *c >= '0' && *c <= '9' ? *c - '0' : *c >= 'a' && *c <= 'f' ? *c - 'a' + 10 : -1;
		if (d < 0 || c - arg > 17) exec_fail("init", "a re-exec without its state");
		v = v << 4 | (uint64_t)d;
	}
	return v;
}

_Noreturn void init_main(uint64_t *sp)
{
	char **host_argv = (char **)(sp + 1);
	read_host_auxv(sp);
	if (sp[0] >= 2 && str_eq(host_argv[1], "zygote")) zygote_main();
	if (sp[0] >= 4 && str_eq(host_argv[1], "confined-exec")) confined_exec(host_argv[2], host_argv + 3);
	int spawned = sp[0] >= 2 && str_eq(host_argv[1], "spawn");
	uint64_t inherited_ignored = 0;
	int plan_sent = 0;
	if (spawned) {
		signal_init_hold();
		/* First start, from the kernel: the channel and the lifeline arrive at the SPAWN numbers. */
		if (host_syscall3(__NR_dup3, LAMINA_SPAWN_CHANNEL_FD, LAMINA_CHANNEL_FD, 0) != LAMINA_CHANNEL_FD)
			exec_fail("init", "no channel to the Lamina kernel");
		host_syscall1(__NR_close, LAMINA_SPAWN_CHANNEL_FD);
		/* Only a pipe: whatever else that number might hold is not the lifeline. */
		if (host_syscall2(__NR_fcntl, LAMINA_SPAWN_LIFELINE_FD, F_GETPIPE_SZ) > 0
		    && host_syscall3(__NR_dup3, LAMINA_SPAWN_LIFELINE_FD, LAMINA_LIFELINE_FD, 0) == LAMINA_LIFELINE_FD) {
			host_syscall1(__NR_close, LAMINA_SPAWN_LIFELINE_FD);
			lifeline_arm();
		}
	} else if (sp[0] >= 6 && str_eq(host_argv[1], "exec")) {
		/* A re-exec: the channel arrives at the number the exec names;
		 * every signal blocked until now (process_execve). */
		int channel = exec_channel(host_argv[2]);
		inherited_ignored = exec_word(host_argv[3]);
		uint64_t mask = exec_word(host_argv[4]);
		fd_limit_inherit(exec_word(host_argv[5])); /* the guest's descriptor hard limit */
		plan_sent = sp[0] >= 7 && str_eq(host_argv[6], "planned");
		for (uint64_t i = INIT_EXEC_ARGS; i < sp[0]; i++)
			if (seccomp_exec_arg(host_argv[i]) < 0) exec_fail("init", "the program's seccomp filters did not come through the exec");
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_SETMASK, &mask, 0, 8);
		/* the channel's number lies above a limit the guest lowered (EBADF): an exec from a thread */
		fd_limit_lift();
		if (channel != LAMINA_CHANNEL_FD &&
		    host_syscall3(__NR_dup3, channel, LAMINA_CHANNEL_FD, 0) != LAMINA_CHANNEL_FD)
			exec_fail("init", "no channel to the Lamina kernel");
		fd_limit_drop();
		if (channel != LAMINA_CHANNEL_FD) host_syscall1(__NR_close, channel);
	} else {
		print_error("lamina-init: this is Lamina's init host; `lamina run` starts it", 0);
		host_exit(2);
	}
	main_thread.channel = LAMINA_CHANNEL_FD;
	thread_bind(&main_thread);
	thread_channels_reserve();
	/* Started ahead of need ("spawn confine"): confined while it waits for
	 * its plan, off the container's start. Only TCP ports need the plan. */
	int confined = spawned && sp[0] >= 3 && str_eq(host_argv[2], "confine");
	long abi = confined ? confine() : 0;

	struct exec_plan plan;
	/* The plan's descriptors arrive whatever the guest's limit (fd_limit.h). */
	fd_limit_lift();
	exec_plan_receive(&main_thread.call, &plan, plan_sent);
	if (spawned) set_rlimits(&plan);
	process.pid = plan.fixed.pid;
	process.host_uid = plan.fixed.host_uid;
	process.host_gid = plan.fixed.host_gid;
	process.flags = plan.fixed.flags;
	process.proc_dev = plan.fixed.proc_dev;
	process.proc_ino = plan.fixed.proc_ino;
	process.dev_dev = plan.fixed.dev_dev;
	process.dev_ino = plan.fixed.dev_ino;
	main_thread.tid = plan.fixed.pid;
	signal_init_settle(inherited_ignored);
	identity_seed(plan.fixed.ruid, plan.fixed.euid, plan.fixed.rgid, plan.fixed.egid);
	/* The container's first process: everything after runs in its domain.
	 * The plan's TCP ports are a layer of their own (it has no children
	 * yet, so the container is still one domain). Only now, with the plan's
	 * flags known, is it said once what this kernel leaves open. With a
	 * port plan, the kernel makes every bind: guest code may make none. */
	if (spawned && (plan.fixed.flags & LAMINA_PLAN_CONFINE)) {
		if (!confined) abi = confine();
		landlock_limit_tcp(abi, plan.fixed.flags, plan.ports, plan.fixed.nbind, plan.fixed.nconnect);
		landlock_warn(abi, plan.fixed.flags);
		if (plan.fixed.flags & LAMINA_PLAN_PORTS) port_filter_install();
		seccomp_lock_install();
	}

	signal_own_faults();
	if (plan.fixed.flags & LAMINA_PLAN_DARWIN_RULES) {
#if HAS_DARWIN_RULES
		darwin_rules_enable();
#else
		exec_fail("init", "the Apple-Silicon rules are for aarch64 programs");
#endif
	}

	static struct elf_info program_info, interp_info;
	struct elf_image program, interp;
	exec_check(plan.execfn, plan.program_fd, &program_info);
	int has_interp = program_info.interp[0] != 0;
	if (!has_interp && plan.interp_fd >= 0) host_syscall1(__NR_close, plan.interp_fd);
	/* A static executable brings its own libc, not musl+, and so does a
	 * program another loader loads (glibc's ld.so, from the image): every
	 * call it makes traps, so it is served in compat mode whatever the
	 * container's. Strict mode is for programs musl+ loads, where a trap
	 * means code that went around it. */
	if (!has_interp || !str_eq(program_info.interp, LAMINA_MUSL_PLUS_PATH)) process.flags |= LAMINA_PLAN_COMPAT;
	/* Call sites are rewritten (arch/x86_64/call_sites.c) but in Go programs
	 * (cgo's are glibc's too), whose runtime calls from goroutine stacks. */
	process.call_sites = has_interp && !str_eq(program_info.interp, LAMINA_MUSL_PLUS_PATH) && !program_info.go && !darwin_rules;
	/* SIGSYS carries the traps, so the host never blocks it for such a
	 * program (signal.c, mask_in_frame): blocked in the mask an exec kept,
	 * it is blocked in the guest's view only (the first trap died of it). */
	if (signal_sigsys_traps()) {
		uint64_t sys = 1ull << (LX_SIGSYS - 1), before;
		host_syscall4(__NR_rt_sigprocmask, LX_SIG_UNBLOCK, &sys, &before, 8);
		main_thread.sigsys_blocked = (before & sys) != 0;
	}
	int interp_fd = -1;
	if (has_interp) {
		interp_fd = plan.interp_fd >= 0 ? plan.interp_fd : open_interpreter(program_info.interp);
		exec_check(program_info.interp, interp_fd, &interp_info);
		if (interp_info.interp[0]) exec_fail(program_info.interp, "an interpreter cannot have an interpreter");
	}
	exec_load(plan.execfn, plan.program_fd, &program_info, &program);
	host_syscall1(__NR_close, plan.program_fd);
	if (has_interp) {
		exec_load(program_info.interp, interp_fd, &interp_info, &interp);
		host_syscall1(__NR_close, interp_fd);
	}
	fd_limit_drop();

	int prot = PROT_READ | PROT_WRITE | (program_info.exec_stack && !darwin_rules ? PROT_EXEC : 0);
	struct rlimit64 stack_limit = { GUEST_STACK_MAX, GUEST_STACK_MAX };
	host_syscall4(__NR_prlimit64, 0, RLIMIT_STACK, 0, &stack_limit);
	uint64_t stack_size = stack_limit.rlim_cur < GUEST_STACK_MIN ? GUEST_STACK_MIN
	                    : stack_limit.rlim_cur > GUEST_STACK_MAX ? GUEST_STACK_MAX : (stack_limit.rlim_cur + 4095) & ~4095ul;
	long stack = host_syscall6(__NR_mmap, 0, GUEST_STACK_GAP + stack_size, prot,
	                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (host_is_error(stack) || host_syscall3(__NR_mprotect, stack, GUEST_STACK_GAP, PROT_NONE))
		exec_fail(plan.execfn, "no memory for the stack");
	stack += GUEST_STACK_GAP;
	main_thread.stack_top = (unsigned long)stack + stack_size;

	signal_enable_dispatch();
	vdso_probe();
	struct elf_stack_facts facts = {
		.argc = (int)plan.fixed.argc, .argv = plan.argv,
		.envc = (int)plan.fixed.envc, .envp = plan.envp,
		.execfn = plan.execfn,
		.uid = plan.fixed.ruid, .euid = plan.fixed.euid,
		.gid = plan.fixed.rgid, .egid = plan.fixed.egid,
		.secure = (plan.fixed.flags & LAMINA_PLAN_SECURE) != 0,
		.hwcap = process.hwcap, .hwcap2 = process.hwcap2,
		.clktck = process.clktck ? process.clktck : 100,
		.minsigstksz = process.minsigstksz,
		/* programs whose call sites are rewritten get one whose functions are the init host's:
		 * their libc's calls of the host's would trap for a CPU-time clock each time (vdso_image.c) */
		.sysinfo_ehdr = process.call_sites ? vdso_image() : vdso_base(),
		.host_abi = (uint64_t)&host_abi,
	};
	host_syscall3(__NR_getrandom, facts.random, sizeof facts.random, 0);
	uint64_t guest_sp = elf_build_stack((uint8_t *)stack + stack_size, stack_size,
	                                    &program, has_interp ? &interp : 0, &facts);
	if (!guest_sp) exec_fail(plan.execfn, "the arguments and environment are too large");
	exec_report_args(&main_thread.call, guest_sp, !UNDER_EMULATOR);

	/* Host tools (ps, top) then show the guest's program name. */
	const char *comm = plan.execfn;
	for (const char *c = plan.execfn; *c; c++)
		if (*c == '/') comm = c + 1;
	host_syscall2(__NR_prctl, PR_SET_NAME, comm);
	if (plan.fixed.flags & LAMINA_PLAN_SUBREAPER)
		host_syscall2(__NR_prctl, LX_PR_SET_CHILD_SUBREAPER, 1);
	/* Spawned as a session leader on the container's terminal (lamina run -t):
	 * taking it as the controlling terminal gives the shell job control. On a
	 * later exec it is already ours; should it fail, a shell says it has no
	 * job control, which is the whole loss. */
	if (plan.fixed.flags & LAMINA_PLAN_TERMINAL)
		host_syscall3(__NR_ioctl, 0, LX_TIOCSCTTY, 0);
	host_enter_guest(has_interp ? interp.entry : program.entry, guest_sp);
}
