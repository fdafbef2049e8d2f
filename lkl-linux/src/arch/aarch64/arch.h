/* aarch64: the init host's system call instruction, how a thread finds its
 * state, and the layout of a signal frame. Checked against the uapi headers
 * in arch/aarch64/abi_checks.c. */
#ifndef ARCH_H
#define ARCH_H

static inline long host_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;
	__asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	                     : "memory", "cc");
	return x0;
}

/* Inside a spin-wait. */
static inline void host_cpu_relax(void) { __asm__ __volatile__("yield"); }

/* No register is the init host's: tpidr_el0 is the guest's TLS and Linux's
 * compilers use x18 as a temporary. A thread finds its state by its host
 * thread id (thread_pointer.c). */
struct thread_state;
struct thread_state *thread_current(void);

/* svc #0, where the host kernel leaves the pc to restart an interrupted
 * call. */
#define SYSCALL_INSN_SIZE 4
static inline int is_syscall_insn(long pc) { return *(const unsigned *)pc == 0xd4000001u; }
/* Whether guest code at pc exits its thread at once (exits_next.c). */
int exits_next(long pc);

/* No Syscall User Dispatch here (nor under qemu-user): guest code's own
 * calls are not trapped, so only programs musl+ loads run (init.c). */
#define HAS_SYSCALL_USER_DISPATCH 0
/* Run under qemu-user (no aarch64 Linux host here): guest addresses are
 * qemu's, not this process's, so the kernel is told no argument area. */
#define UNDER_EMULATOR 1
/* --darwin-rules: arch/aarch64/darwin_rules.c */
#define HAS_DARWIN_RULES 1

/* struct ucontext (asm/ucontext.h): the mask comes before the registers */
#define LX_UC_STACK 16     /* stack_t uc_stack: ss_sp, ss_flags, ss_size */
#define LX_UC_STACK_FLAGS 24
#define LX_UC_SIGMASK 40
#define LX_UC_MCONTEXT 176
#define LX_UC_SIZE 4560    /* what rt_sigreturn reads of it */
/* struct sigcontext's registers by their role in a call, in longs from
 * uc_mcontext (fault_address, then x0..x30, sp, pc) */
#define LX_REG_RET 1       /* x0 */
#define LX_REG_ARG0 1      /* x0 */
#define LX_REG_ARG1 2
#define LX_REG_ARG2 3
#define LX_REG_ARG3 4
#define LX_REG_ARG4 5
#define LX_REG_ARG5 6      /* x5 */
#define LX_REG_NR 9        /* x8: a call's number */
#define LX_REG_LR 31       /* x30 */
#define LX_REG_SP 32
#define LX_REG_PC 33
/* The FPU state lives in the frame itself: a copy restores the parent's. */
static inline void frame_drop_fpu(long *regs) { (void)regs; }
/* The frame resumes where the leaf function it is in returns to (x30). */
static inline void frame_leaf_return(long *regs) { regs[LX_REG_PC] = regs[LX_REG_LR]; }

/* struct stat of the guest (asm-generic/stat.h) */
#define GUEST_STAT_UID 24
#define GUEST_STAT_GID 28
#define GUEST_STAT_DEV 0
#define GUEST_STAT_INO 8
#define GUEST_STAT_BYTES 48 /* st_size */
#define GUEST_STAT_BLOCKS 64
#define GUEST_STAT_MODE 16
#define GUEST_STAT_NLINK 20
#define GUEST_STAT_NLINK_BYTES 4

/* seccomp_data's arch of this machine's calls (linux/audit.h) */
#define AUDIT_ARCH_SELF AUDIT_ARCH_AARCH64

#endif
