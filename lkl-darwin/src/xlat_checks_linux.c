/* xlat_table.h's and xlat_layout.h's Linux side, checked against Linux's
 * uapi headers: natively in the unit test (x86-64), and in the Darwin
 * builds against the headers Zig bundles for aarch64 and x86-64. Only uapi
 * headers here (no C library's), so it compiles in either. The MSG_ and
 * AF_ rows are not uapi: test/xlat_test.c checks them with the C
 * library's headers. */
#include <stddef.h>
#include <asm/errno.h>
#include <asm/fcntl.h>
#include <asm/mman.h>
#include <asm/poll.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/stat.h>
#include <asm/termbits.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/time.h>
#include <linux/in6.h>
#include <asm/ioctls.h>
#include <asm/resource.h>
#include <linux/futex.h>
#include <linux/openat2.h>
#include <linux/xattr.h>
#include <linux/wait.h>
#include <linux/resource.h>
#include <linux/stat.h>
#include <linux/fs.h>
#include <linux/time_types.h>
#include "xlat.h"

#define CHECK_X(lname, lx, dname, dw) _Static_assert(lname == (lx), "xlat_table.h: Linux's " #lname);
#define CHECK_N(lname, lx, dw) CHECK_X(lname, lx, , dw)
#define CHECK_D(dname, dw, lname, lx) CHECK_X(lname, lx, dname, dw)
XLAT_ERRNO(CHECK_X, CHECK_N, CHECK_D)
XLAT_SIGNAL(CHECK_X, CHECK_N)
XLAT_OPEN(CHECK_X, CHECK_N)
XLAT_FCNTL(CHECK_X, CHECK_N)
XLAT_AT(CHECK_X, CHECK_N)
XLAT_RENAME(CHECK_X, CHECK_N)
XLAT_XATTR(CHECK_X, CHECK_N)
XLAT_WAIT(CHECK_X, CHECK_N)
XLAT_PROT(CHECK_X, CHECK_N)
XLAT_MMAP(CHECK_X, CHECK_N)
XLAT_POLL(CHECK_X, CHECK_N)
XLAT_CLOCK(CHECK_X, CHECK_N)
XLAT_TERMIOS_IFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_OFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_CFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_LFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_CC(CHECK_X, CHECK_N)
XLAT_TERMIOS_SPEED(CHECK_X, CHECK_N)
XLAT_MISC(CHECK_X, CHECK_N)
XLAT_SI_CODE(CHECK_X, CHECK_N)
XLAT_SA(CHECK_X, CHECK_N)
XLAT_ILL_CODE(CHECK_X, CHECK_N)
XLAT_FPE_CODE(CHECK_X, CHECK_N)
XLAT_FAULT_CODE(CHECK_X, CHECK_N)
_Static_assert(XLAT_CODES_KEPT, "codes kept as they are (xlat_frame.c)");
_Static_assert(FUTEX_WAIT == LX_FUTEX_WAIT && FUTEX_WAKE == LX_FUTEX_WAKE && FUTEX_WAIT_BITSET == LX_FUTEX_WAIT_BITSET &&
               FUTEX_WAKE_BITSET == LX_FUTEX_WAKE_BITSET && FUTEX_PRIVATE_FLAG == LX_FUTEX_PRIVATE_FLAG &&
               FUTEX_CLOCK_REALTIME == LX_FUTEX_CLOCK_REALTIME && FUTEX_BITSET_MATCH_ANY == LX_FUTEX_BITSET_MATCH_ANY, "futex ops");
_Static_assert(P_ALL == 0 && P_PID == 1 && P_PGID == 2, "waitid's id types: Darwin's values (darwin_host.c)");
_Static_assert(sizeof(struct rusage) == sizeof(struct lx_rusage) &&
               offsetof(struct rusage, ru_stime) == offsetof(struct lx_rusage, stime) &&
               offsetof(struct rusage, ru_maxrss) == offsetof(struct lx_rusage, maxrss) &&
               offsetof(struct rusage, ru_nivcsw) == offsetof(struct lx_rusage, counts[12]), "struct rusage");
_Static_assert(sizeof(struct __kernel_timespec) == sizeof(struct lx_timespec64) &&
               offsetof(struct __kernel_timespec, tv_nsec) == offsetof(struct lx_timespec64, nsec), "struct timespec");
_Static_assert(O_ACCMODE == 3 && O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2, "access modes");
_Static_assert(MAP_SHARED == 1 && MAP_PRIVATE == 2 && MAP_SHARED_VALIDATE == 3 && MAP_TYPE == 0xf, "map types");

_Static_assert(sizeof(struct statx) == sizeof(struct lx_statx) &&
               offsetof(struct statx, stx_blksize) == offsetof(struct lx_statx, blksize) &&
               offsetof(struct statx, stx_nlink) == offsetof(struct lx_statx, nlink) &&
               offsetof(struct statx, stx_mode) == offsetof(struct lx_statx, mode) &&
               offsetof(struct statx, stx_ino) == offsetof(struct lx_statx, ino) &&
               offsetof(struct statx, stx_blocks) == offsetof(struct lx_statx, blocks) &&
               offsetof(struct statx, stx_atime) == offsetof(struct lx_statx, atime) &&
               offsetof(struct statx, stx_btime) == offsetof(struct lx_statx, btime) &&
               offsetof(struct statx, stx_mtime) == offsetof(struct lx_statx, mtime) &&
               offsetof(struct statx, stx_rdev_major) == offsetof(struct lx_statx, rdev_major) &&
               offsetof(struct statx, stx_dev_minor) == offsetof(struct lx_statx, dev_minor) &&
               sizeof(struct statx_timestamp) == sizeof(struct lx_statx_timestamp), "struct statx");
_Static_assert(sizeof(struct open_how) == sizeof(struct lx_open_how) &&
               offsetof(struct open_how, flags) == offsetof(struct lx_open_how, flags) &&
               offsetof(struct open_how, mode) == offsetof(struct lx_open_how, mode) &&
               offsetof(struct open_how, resolve) == offsetof(struct lx_open_how, resolve), "struct open_how");
_Static_assert(sizeof(struct stat) == sizeof(struct lx_stat), "struct stat");
_Static_assert(offsetof(struct stat, st_dev) == offsetof(struct lx_stat, dev) &&
               offsetof(struct stat, st_ino) == offsetof(struct lx_stat, ino) &&
               offsetof(struct stat, st_nlink) == offsetof(struct lx_stat, nlink) &&
               offsetof(struct stat, st_mode) == offsetof(struct lx_stat, mode) &&
               offsetof(struct stat, st_uid) == offsetof(struct lx_stat, uid) &&
               offsetof(struct stat, st_gid) == offsetof(struct lx_stat, gid) &&
               offsetof(struct stat, st_rdev) == offsetof(struct lx_stat, rdev) &&
               offsetof(struct stat, st_size) == offsetof(struct lx_stat, size) &&
               offsetof(struct stat, st_blksize) == offsetof(struct lx_stat, blksize) &&
               offsetof(struct stat, st_blocks) == offsetof(struct lx_stat, blocks) &&
               offsetof(struct stat, st_atime) == offsetof(struct lx_stat, atime) &&
               offsetof(struct stat, st_mtime_nsec) == offsetof(struct lx_stat, mtime_nsec) &&
               offsetof(struct stat, st_ctime_nsec) == offsetof(struct lx_stat, ctime_nsec), "struct stat's fields");
_Static_assert(sizeof(struct termios) == sizeof(struct lx_termios) && NCCS == LX_NCCS &&
               offsetof(struct termios, c_line) == offsetof(struct lx_termios, line) &&
               offsetof(struct termios, c_cc) == offsetof(struct lx_termios, cc), "struct termios");
_Static_assert(CBAUD == LX_CBAUD && CSIZE == LX_CSIZE, "termios fields");
_Static_assert(sizeof(struct sockaddr_in6) == sizeof(struct lx_sockaddr_in6) &&
               offsetof(struct sockaddr_in6, sin6_scope_id) == offsetof(struct lx_sockaddr_in6, scope_id),
               "struct sockaddr_in6");
_Static_assert(sizeof(siginfo_t) == sizeof(struct lx_siginfo) && offsetof(siginfo_t, si_code) == offsetof(struct lx_siginfo, code) &&
               offsetof(siginfo_t, si_addr) == offsetof(struct lx_siginfo, addr) &&
               offsetof(siginfo_t, si_pid) == offsetof(struct lx_siginfo, from.pid) &&
               offsetof(siginfo_t, si_uid) == offsetof(struct lx_siginfo, from.uid) &&
               offsetof(siginfo_t, si_status) == offsetof(struct lx_siginfo, from.status) &&
               offsetof(siginfo_t, si_value) == offsetof(struct lx_siginfo, from.value), "siginfo_t");
#if XLAT_LINUX_AARCH64
_Static_assert(MINSIGSTKSZ == LX_A64_MINSIGSTKSZ, "arm64's MINSIGSTKSZ");
#include <asm/sigcontext.h>
/* Darwin's sys/cdefs.h makes __unused an attribute; Linux's ucontext has a member of that name. */
#undef __unused
#include <asm/ucontext.h>
_Static_assert(sizeof(struct ucontext) == sizeof(struct lx_a64_ucontext) &&
               offsetof(struct ucontext, uc_stack) == offsetof(struct lx_a64_ucontext, stack) &&
               offsetof(struct ucontext, uc_sigmask) == offsetof(struct lx_a64_ucontext, sigmask) &&
               offsetof(struct ucontext, uc_mcontext) == offsetof(struct lx_a64_ucontext, mcontext), "arm64 ucontext");
_Static_assert(sizeof(struct sigcontext) == sizeof(struct lx_a64_sigcontext) &&
               offsetof(struct sigcontext, regs) == offsetof(struct lx_a64_sigcontext, regs) &&
               offsetof(struct sigcontext, sp) == offsetof(struct lx_a64_sigcontext, sp) &&
               offsetof(struct sigcontext, pc) == offsetof(struct lx_a64_sigcontext, pc) &&
               offsetof(struct sigcontext, pstate) == offsetof(struct lx_a64_sigcontext, pstate) &&
               offsetof(struct sigcontext, __reserved) == offsetof(struct lx_a64_sigcontext, reserved), "arm64 sigcontext");
_Static_assert(sizeof(struct fpsimd_context) == sizeof(struct lx_a64_fpsimd) && FPSIMD_MAGIC == LX_A64_FPSIMD_MAGIC &&
               offsetof(struct fpsimd_context, fpsr) == offsetof(struct lx_a64_fpsimd, fpsr) &&
               offsetof(struct fpsimd_context, vregs) == offsetof(struct lx_a64_fpsimd, vregs), "arm64 fpsimd_context");
#endif
