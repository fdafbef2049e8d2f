/* The aarch64 layouts arch.h declares, checked against the uapi headers
 * (the channel's own, x86-64's, are checked in the x86-64 build). */
#include <stddef.h>
#include <asm/sigcontext.h>
#include <asm/stat.h>
#include <linux/signal.h>
#include <asm/ucontext.h>
#include <lamina/linux_abi.h>
#include "arch.h"

_Static_assert(offsetof(struct ucontext, uc_stack) == LX_UC_STACK && offsetof(struct ucontext, uc_mcontext) == LX_UC_MCONTEXT &&
               offsetof(struct ucontext, uc_sigmask) == LX_UC_SIGMASK && sizeof(struct ucontext) == LX_UC_SIZE, "struct ucontext");
_Static_assert(LX_UC_STACK + offsetof(stack_t, ss_flags) == LX_UC_STACK_FLAGS && SS_DISABLE == LX_SS_DISABLE &&
               SS_ONSTACK == LX_SS_ONSTACK && SS_AUTODISARM == LX_SS_AUTODISARM && MINSIGSTKSZ >= LX_MINSIGSTKSZ, "stack_t");
_Static_assert(sizeof(stack_t) == sizeof(struct lx_stack) && offsetof(stack_t, ss_sp) == offsetof(struct lx_stack, sp) &&
               offsetof(stack_t, ss_flags) == offsetof(struct lx_stack, flags) &&
               offsetof(stack_t, ss_size) == offsetof(struct lx_stack, size), "struct lx_stack");
_Static_assert(offsetof(struct sigcontext, regs[0]) == 8 * LX_REG_RET && offsetof(struct sigcontext, regs[0]) == 8 * LX_REG_ARG0 &&
               offsetof(struct sigcontext, regs[5]) == 8 * LX_REG_ARG5 && offsetof(struct sigcontext, sp) == 8 * LX_REG_SP &&
               offsetof(struct sigcontext, pc) == 8 * LX_REG_PC, "struct sigcontext");
_Static_assert(offsetof(siginfo_t, si_addr) == offsetof(struct lx_siginfo_fault, addr) && SEGV_ACCERR == LX_SEGV_ACCERR &&
               SIGSEGV == LX_SIGSEGV, "siginfo_t of a fault");
_Static_assert(offsetof(struct stat, st_uid) == GUEST_STAT_UID && offsetof(struct stat, st_gid) == GUEST_STAT_GID, "struct stat");
_Static_assert(offsetof(struct stat, st_mode) == GUEST_STAT_MODE && offsetof(struct stat, st_nlink) == GUEST_STAT_NLINK &&
               sizeof(((struct stat *)0)->st_nlink) == GUEST_STAT_NLINK_BYTES && offsetof(struct stat, st_dev) == GUEST_STAT_DEV &&
               offsetof(struct stat, st_ino) == GUEST_STAT_INO && offsetof(struct stat, st_size) == GUEST_STAT_BYTES &&
               offsetof(struct stat, st_blocks) == GUEST_STAT_BLOCKS, "struct stat (generated.c)");
