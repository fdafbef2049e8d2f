/* x86-64: the init host's system call instruction, its thread pointer
 * (%gs; the guest owns %fs), and the layout of a signal frame. Checked
 * against the uapi headers in abi_checks.c. */
#ifndef ARCH_H
#define ARCH_H

static inline long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	unsigned long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2), "d"(a3),
	                     "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return (long)ret;
}

/* Inside a spin-wait. */
static inline void host_cpu_relax(void) { __builtin_ia32_pause(); }

/* %gs:0 holds the calling thread's state (thread_pointer.c binds it). */
struct thread_state;
static inline struct thread_state *thread_current(void)
{
	struct thread_state *t;
	__asm__ __volatile__("mov %%gs:0,%0" : "=r"(t));
	return t;
}

/* The syscall instruction, where the host kernel leaves the pc to restart
 * an interrupted call. */
#define SYSCALL_INSN_SIZE 2
static inline int is_syscall_insn(long pc) { return *(const unsigned short *)pc == 0x050f; }
/* Whether guest code at pc exits its thread at once (exits_next.c). */
int exits_next(long pc);

/* The host vDSO's time functions (vdso.c) */
#define VDSO_CLOCK_GETTIME "__vdso_clock_gettime"
#define VDSO_GETTIMEOFDAY "__vdso_gettimeofday"
/* and the rest of its names, for the image given to glibc (vdso_image.c) */
#define VDSO_TIME "__vdso_time"
#define VDSO_CLOCK_GETRES "__vdso_clock_getres"
#define VDSO_GETCPU "__vdso_getcpu"
#define VDSO_MACHINE EM_X86_64

/* Syscall User Dispatch (Linux 5.11) traps guest code's own calls. */
#define HAS_SYSCALL_USER_DISPATCH 1
#define UNDER_EMULATOR 0
/* The Apple-Silicon rules are aarch64's (darwin_rules.h). */
#define HAS_DARWIN_RULES 0

/* struct ucontext (asm/ucontext.h) */
#define LX_UC_STACK 16     /* stack_t uc_stack: ss_sp, ss_flags, ss_size */
#define LX_UC_STACK_FLAGS 24
#define LX_UC_MCONTEXT 40
#define LX_UC_SIGMASK 296
#define LX_UC_SIZE 304     /* what rt_sigreturn reads of it */
/* struct sigcontext's registers by their role in a call, in longs from
 * uc_mcontext */
#define LX_REG_PC 16       /* rip */
#define LX_REG_SP 15       /* rsp */
#define LX_REG_RET 13      /* rax */
#define LX_REG_NR 13       /* rax: a call about to restart holds its number there */
#define LX_REG_ARG0 8      /* rdi */
#define LX_REG_ARG1 9      /* rsi */
#define LX_REG_ARG2 12     /* rdx */
#define LX_REG_ARG3 2      /* r10 */
#define LX_REG_ARG4 0      /* r8 */
#define LX_REG_ARG5 1      /* r9 */
#define LX_REG_FPSTATE 23  /* the pointer to the FPU state */
/* A copied frame then restores a fresh FPU state. */
static inline void frame_drop_fpu(long *regs) { regs[LX_REG_FPSTATE] = 0; }
/* The frame resumes where the leaf function it is in returns to (the return address on top of its stack). */
static inline void frame_leaf_return(long *regs)
{
	regs[LX_REG_PC] = *(long *)regs[LX_REG_SP];
	regs[LX_REG_SP] += 8;
}

/* struct stat of the guest: the channel's (linux_abi.h) */
#define GUEST_STAT_UID LX_STAT_UID
#define GUEST_STAT_GID LX_STAT_GID
#define GUEST_STAT_DEV 0
#define GUEST_STAT_INO 8
#define GUEST_STAT_BYTES 48 /* st_size */
#define GUEST_STAT_BLOCKS 64
#define GUEST_STAT_MODE 24
#define GUEST_STAT_NLINK 16
#define GUEST_STAT_NLINK_BYTES 8

/* seccomp_data's arch of this machine's calls (linux/audit.h) */
#define AUDIT_ARCH_SELF AUDIT_ARCH_X86_64

#endif
