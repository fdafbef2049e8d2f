/* xlat_table.h's and xlat_layout.h's Darwin side, checked against the
 * macOS headers Zig bundles (compiled in every Darwin build). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include "darwin_xattr.h"
#include "xlat.h"

#define CHECK_X(lname, lx, dname, dw) _Static_assert(dname == (dw), "xlat_table.h: Darwin's " #dname);
#define CHECK_N(lname, lx, dw)
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
XLAT_MSG(CHECK_X, CHECK_N)
XLAT_AF(CHECK_X, CHECK_N)
XLAT_TERMIOS_IFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_OFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_CFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_LFLAG(CHECK_X, CHECK_N)
XLAT_TERMIOS_CC(CHECK_X, CHECK_N)
XLAT_TERMIOS_SPEED(CHECK_X, CHECK_N)
XLAT_MISC(CHECK_X, CHECK_N)
XLAT_UTIME(CHECK_X, CHECK_N)
XLAT_SI_CODE(CHECK_X, CHECK_N)
XLAT_SA(CHECK_X, CHECK_N)
XLAT_ILL_CODE(CHECK_X, CHECK_N)
XLAT_FPE_CODE(CHECK_X, CHECK_N)
XLAT_FAULT_CODE(CHECK_X, CHECK_N)
_Static_assert(XLAT_CODES_KEPT, "codes kept as they are (xlat_frame.c)");
_Static_assert(O_ACCMODE == 3 && O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2, "access modes");
_Static_assert(MAP_SHARED == 1 && MAP_PRIVATE == 2, "map types");
_Static_assert(O_SYMLINK == 0x200000, "xlat.c: DARWIN_O_SYMLINK");
_Static_assert(S_IFMT == 0170000 && S_IFDIR == 0040000 && S_IFREG == 0100000 && S_IFLNK == 0120000 &&
               S_IFSOCK == 0140000 && S_IFIFO == 0010000 && S_IFCHR == 0020000 && S_IFBLK == 0060000,
               "file types: Linux's values");
_Static_assert(DT_UNKNOWN == 0 && DT_FIFO == 1 && DT_CHR == 2 && DT_DIR == 4 && DT_BLK == 6 && DT_REG == 8 &&
               DT_LNK == 10 && DT_SOCK == 12, "directory entry types: Linux's values");

_Static_assert(sizeof(struct rusage) == sizeof(struct xd_rusage) &&
               offsetof(struct rusage, ru_stime) == offsetof(struct xd_rusage, stime) &&
               offsetof(struct timeval, tv_usec) == offsetof(struct xd_timeval, usec) &&
               sizeof(((struct timeval *)0)->tv_usec) == sizeof(int32_t) &&
               offsetof(struct rusage, ru_maxrss) == offsetof(struct xd_rusage, maxrss) &&
               offsetof(struct rusage, ru_nivcsw) == offsetof(struct xd_rusage, counts[12]), "struct rusage");
_Static_assert(P_ALL == 0 && P_PID == 1 && P_PGID == 2, "waitid's id types: Linux's values (darwin_host.c)");
_Static_assert(WCOREFLAG == 0200, "wait statuses: the core flag (xlat_wait_status_from_darwin)");
_Static_assert(sizeof(struct stat) == sizeof(struct xd_stat), "struct stat");
_Static_assert(offsetof(struct stat, st_dev) == offsetof(struct xd_stat, dev) &&
               offsetof(struct stat, st_mode) == offsetof(struct xd_stat, mode) &&
               offsetof(struct stat, st_nlink) == offsetof(struct xd_stat, nlink) &&
               offsetof(struct stat, st_ino) == offsetof(struct xd_stat, ino) &&
               offsetof(struct stat, st_uid) == offsetof(struct xd_stat, uid) &&
               offsetof(struct stat, st_gid) == offsetof(struct xd_stat, gid) &&
               offsetof(struct stat, st_rdev) == offsetof(struct xd_stat, rdev) &&
               offsetof(struct stat, st_atimespec) == offsetof(struct xd_stat, atime) &&
               offsetof(struct stat, st_mtimespec) == offsetof(struct xd_stat, mtime) &&
               offsetof(struct stat, st_ctimespec) == offsetof(struct xd_stat, ctime) &&
               offsetof(struct stat, st_size) == offsetof(struct xd_stat, size) &&
               offsetof(struct stat, st_blocks) == offsetof(struct xd_stat, blocks) &&
               offsetof(struct stat, st_blksize) == offsetof(struct xd_stat, blksize), "struct stat's fields");
_Static_assert(sizeof(struct dirent) == sizeof(struct xd_dirent) &&
               offsetof(struct dirent, d_seekoff) == offsetof(struct xd_dirent, seekoff) &&
               offsetof(struct dirent, d_reclen) == offsetof(struct xd_dirent, reclen) &&
               offsetof(struct dirent, d_namlen) == offsetof(struct xd_dirent, namlen) &&
               offsetof(struct dirent, d_type) == offsetof(struct xd_dirent, type) &&
               offsetof(struct dirent, d_name) == offsetof(struct xd_dirent, name), "struct dirent");
_Static_assert(sizeof(struct termios) == sizeof(struct xd_termios) && NCCS == XD_NCCS &&
               offsetof(struct termios, c_cc) == offsetof(struct xd_termios, cc) &&
               offsetof(struct termios, c_ispeed) == offsetof(struct xd_termios, ispeed), "struct termios");
_Static_assert(sizeof(struct sockaddr_in) == sizeof(struct xd_sockaddr_in) &&
               offsetof(struct sockaddr_in, sin_port) == offsetof(struct xd_sockaddr_in, port) &&
               offsetof(struct sockaddr_in, sin_addr) == offsetof(struct xd_sockaddr_in, addr), "sockaddr_in");
_Static_assert(sizeof(struct sockaddr_in6) == sizeof(struct xd_sockaddr_in6) &&
               offsetof(struct sockaddr_in6, sin6_flowinfo) == offsetof(struct xd_sockaddr_in6, flowinfo) &&
               offsetof(struct sockaddr_in6, sin6_scope_id) == offsetof(struct xd_sockaddr_in6, scope_id),
               "sockaddr_in6");
_Static_assert(sizeof(struct sockaddr_un) == sizeof(struct xd_sockaddr_un) &&
               offsetof(struct sockaddr_un, sun_path) == offsetof(struct xd_sockaddr_un, path), "sockaddr_un");
_Static_assert(sizeof(siginfo_t) == sizeof(struct xd_siginfo) && offsetof(siginfo_t, si_code) == offsetof(struct xd_siginfo, code) &&
               offsetof(siginfo_t, si_pid) == offsetof(struct xd_siginfo, pid) &&
               offsetof(siginfo_t, si_uid) == offsetof(struct xd_siginfo, uid) &&
               offsetof(siginfo_t, si_status) == offsetof(struct xd_siginfo, status) &&
               offsetof(siginfo_t, si_addr) == offsetof(struct xd_siginfo, addr) &&
               offsetof(siginfo_t, si_value) == offsetof(struct xd_siginfo, value), "siginfo_t");
#if defined(__aarch64__)
#include <sys/ucontext.h>
_Static_assert(sizeof(struct __darwin_mcontext64) == sizeof(struct xd_arm_mcontext) &&
               offsetof(struct __darwin_mcontext64, __es.__far) == offsetof(struct xd_arm_mcontext, far) &&
               offsetof(struct __darwin_mcontext64, __ss.__x) == offsetof(struct xd_arm_mcontext, x) &&
               offsetof(struct __darwin_mcontext64, __ss.__fp) == offsetof(struct xd_arm_mcontext, fp) &&
               offsetof(struct __darwin_mcontext64, __ss.__sp) == offsetof(struct xd_arm_mcontext, sp) &&
               offsetof(struct __darwin_mcontext64, __ss.__pc) == offsetof(struct xd_arm_mcontext, pc) &&
               offsetof(struct __darwin_mcontext64, __ss.__cpsr) == offsetof(struct xd_arm_mcontext, cpsr) &&
               offsetof(struct __darwin_mcontext64, __ns.__v) == offsetof(struct xd_arm_mcontext, v) &&
               offsetof(struct __darwin_mcontext64, __ns.__fpsr) == offsetof(struct xd_arm_mcontext, fpsr), "arm64 mcontext");
#endif
