/* The one table of constants the Darwin host layer translates with. Each
 * X row names a constant on Linux, its value there (the guest's ABI: the
 * same on x86-64 and aarch64 unless the row is under an #if), the Darwin
 * constant it becomes and that one's value, as the macOS 11 headers Zig
 * 0.11 bundles define it. N rows are Linux's alone, with what Darwin does
 * instead: 0, nothing (a hint Darwin needs no flag for), or XLAT_NONE, not
 * translated (the host emulates it or refuses it). D rows are Darwin's
 * alone, with the Linux value a guest sees. Every name is checked against
 * its headers in every build: xlat_checks_linux.c against Linux's uapi
 * (natively, and for both Mac targets with Zig's aarch64 and x86 headers),
 * xlat_checks_darwin.c against the macOS headers. xlat.c holds the
 * functions over it. */
#ifndef XLAT_TABLE_H
#define XLAT_TABLE_H

#include "xlat_abi.h"

#define XLAT_NONE (-1)

/* errno values (asm-generic/errno*.h; sys/errno.h) */
#define XLAT_ERRNO(X, N, D) \
	X(EPERM, 1, EPERM, 1) \
	X(ENOENT, 2, ENOENT, 2) \
	X(ESRCH, 3, ESRCH, 3) \
	X(EINTR, 4, EINTR, 4) \
	X(EIO, 5, EIO, 5) \
	X(ENXIO, 6, ENXIO, 6) \
	X(E2BIG, 7, E2BIG, 7) \
	X(ENOEXEC, 8, ENOEXEC, 8) \
	X(EBADF, 9, EBADF, 9) \
	X(ECHILD, 10, ECHILD, 10) \
	X(EAGAIN, 11, EAGAIN, 35) \
	X(ENOMEM, 12, ENOMEM, 12) \
	X(EACCES, 13, EACCES, 13) \
	X(EFAULT, 14, EFAULT, 14) \
	X(ENOTBLK, 15, ENOTBLK, 15) \
	X(EBUSY, 16, EBUSY, 16) \
	X(EEXIST, 17, EEXIST, 17) \
	X(EXDEV, 18, EXDEV, 18) \
	X(ENODEV, 19, ENODEV, 19) \
	X(ENOTDIR, 20, ENOTDIR, 20) \
	X(EISDIR, 21, EISDIR, 21) \
	X(EINVAL, 22, EINVAL, 22) \
	X(ENFILE, 23, ENFILE, 23) \
	X(EMFILE, 24, EMFILE, 24) \
	X(ENOTTY, 25, ENOTTY, 25) \
	X(ETXTBSY, 26, ETXTBSY, 26) \
	X(EFBIG, 27, EFBIG, 27) \
	X(ENOSPC, 28, ENOSPC, 28) \
	X(ESPIPE, 29, ESPIPE, 29) \
	X(EROFS, 30, EROFS, 30) \
	X(EMLINK, 31, EMLINK, 31) \
	X(EPIPE, 32, EPIPE, 32) \
	X(EDOM, 33, EDOM, 33) \
	X(ERANGE, 34, ERANGE, 34) \
	X(EDEADLK, 35, EDEADLK, 11) \
	X(ENAMETOOLONG, 36, ENAMETOOLONG, 63) \
	X(ENOLCK, 37, ENOLCK, 77) \
	X(ENOSYS, 38, ENOSYS, 78) \
	X(ENOTEMPTY, 39, ENOTEMPTY, 66) \
	X(ELOOP, 40, ELOOP, 62) \
	X(ENOMSG, 42, ENOMSG, 91) \
	X(EIDRM, 43, EIDRM, 90) \
	X(ENOSTR, 60, ENOSTR, 99) \
	X(ENODATA, 61, ENODATA, 96) \
	X(ETIME, 62, ETIME, 101) \
	X(ENOSR, 63, ENOSR, 98) \
	X(EREMOTE, 66, EREMOTE, 71) \
	X(ENOLINK, 67, ENOLINK, 97) \
	X(EPROTO, 71, EPROTO, 100) \
	X(EMULTIHOP, 72, EMULTIHOP, 95) \
	X(EBADMSG, 74, EBADMSG, 94) \
	X(EOVERFLOW, 75, EOVERFLOW, 84) \
	X(EILSEQ, 84, EILSEQ, 92) \
	X(EUSERS, 87, EUSERS, 68) \
	X(ENOTSOCK, 88, ENOTSOCK, 38) \
	X(EDESTADDRREQ, 89, EDESTADDRREQ, 39) \
	X(EMSGSIZE, 90, EMSGSIZE, 40) \
	X(EPROTOTYPE, 91, EPROTOTYPE, 41) \
	X(ENOPROTOOPT, 92, ENOPROTOOPT, 42) \
	X(EPROTONOSUPPORT, 93, EPROTONOSUPPORT, 43) \
	X(ESOCKTNOSUPPORT, 94, ESOCKTNOSUPPORT, 44) \
	X(EOPNOTSUPP, 95, EOPNOTSUPP, 102) \
	X(EPFNOSUPPORT, 96, EPFNOSUPPORT, 46) \
	X(EAFNOSUPPORT, 97, EAFNOSUPPORT, 47) \
	X(EADDRINUSE, 98, EADDRINUSE, 48) \
	X(EADDRNOTAVAIL, 99, EADDRNOTAVAIL, 49) \
	X(ENETDOWN, 100, ENETDOWN, 50) \
	X(ENETUNREACH, 101, ENETUNREACH, 51) \
	X(ENETRESET, 102, ENETRESET, 52) \
	X(ECONNABORTED, 103, ECONNABORTED, 53) \
	X(ECONNRESET, 104, ECONNRESET, 54) \
	X(ENOBUFS, 105, ENOBUFS, 55) \
	X(EISCONN, 106, EISCONN, 56) \
	X(ENOTCONN, 107, ENOTCONN, 57) \
	X(ESHUTDOWN, 108, ESHUTDOWN, 58) \
	X(ETOOMANYREFS, 109, ETOOMANYREFS, 59) \
	X(ETIMEDOUT, 110, ETIMEDOUT, 60) \
	X(ECONNREFUSED, 111, ECONNREFUSED, 61) \
	X(EHOSTDOWN, 112, EHOSTDOWN, 64) \
	X(EHOSTUNREACH, 113, EHOSTUNREACH, 65) \
	X(EALREADY, 114, EALREADY, 37) \
	X(EINPROGRESS, 115, EINPROGRESS, 36) \
	X(ESTALE, 116, ESTALE, 70) \
	X(EDQUOT, 122, EDQUOT, 69) \
	X(ECANCELED, 125, ECANCELED, 89) \
	X(EOWNERDEAD, 130, EOWNERDEAD, 105) \
	X(ENOTRECOVERABLE, 131, ENOTRECOVERABLE, 104) \
	N(ECHRNG, 44, XLAT_NONE) \
	N(EL2NSYNC, 45, XLAT_NONE) \
	N(EL3HLT, 46, XLAT_NONE) \
	N(EL3RST, 47, XLAT_NONE) \
	N(ELNRNG, 48, XLAT_NONE) \
	N(EUNATCH, 49, XLAT_NONE) \
	N(ENOCSI, 50, XLAT_NONE) \
	N(EL2HLT, 51, XLAT_NONE) \
	N(EBADE, 52, XLAT_NONE) \
	N(EBADR, 53, XLAT_NONE) \
	N(EXFULL, 54, XLAT_NONE) \
	N(ENOANO, 55, XLAT_NONE) \
	N(EBADRQC, 56, XLAT_NONE) \
	N(EBADSLT, 57, XLAT_NONE) \
	N(EBFONT, 59, XLAT_NONE) \
	N(ENONET, 64, XLAT_NONE) \
	N(ENOPKG, 65, XLAT_NONE) \
	N(EADV, 68, XLAT_NONE) \
	N(ESRMNT, 69, XLAT_NONE) \
	N(ECOMM, 70, XLAT_NONE) \
	N(EDOTDOT, 73, XLAT_NONE) \
	N(ENOTUNIQ, 76, XLAT_NONE) \
	N(EBADFD, 77, XLAT_NONE) \
	N(EREMCHG, 78, XLAT_NONE) \
	N(ELIBACC, 79, XLAT_NONE) \
	N(ELIBBAD, 80, XLAT_NONE) \
	N(ELIBSCN, 81, XLAT_NONE) \
	N(ELIBMAX, 82, XLAT_NONE) \
	N(ELIBEXEC, 83, XLAT_NONE) \
	N(ERESTART, 85, XLAT_NONE) \
	N(ESTRPIPE, 86, XLAT_NONE) \
	N(EUCLEAN, 117, XLAT_NONE) \
	N(ENOTNAM, 118, XLAT_NONE) \
	N(ENAVAIL, 119, XLAT_NONE) \
	N(EISNAM, 120, XLAT_NONE) \
	N(EREMOTEIO, 121, XLAT_NONE) \
	N(ENOMEDIUM, 123, XLAT_NONE) \
	N(EMEDIUMTYPE, 124, XLAT_NONE) \
	N(ENOKEY, 126, XLAT_NONE) \
	N(EKEYEXPIRED, 127, XLAT_NONE) \
	N(EKEYREVOKED, 128, XLAT_NONE) \
	N(EKEYREJECTED, 129, XLAT_NONE) \
	N(ERFKILL, 132, XLAT_NONE) \
	N(EHWPOISON, 133, XLAT_NONE) \
	D(ENOTSUP, 45, EOPNOTSUPP, 95) \
	D(EPROCLIM, 67, EAGAIN, 11) \
	D(EBADRPC, 72, EIO, 5) \
	D(ERPCMISMATCH, 73, EIO, 5) \
	D(EPROGUNAVAIL, 74, EIO, 5) \
	D(EPROGMISMATCH, 75, EIO, 5) \
	D(EPROCUNAVAIL, 76, EIO, 5) \
	D(EFTYPE, 79, EINVAL, 22) \
	D(EAUTH, 80, EACCES, 13) \
	D(ENEEDAUTH, 81, EACCES, 13) \
	D(EPWROFF, 82, EIO, 5) \
	D(EDEVERR, 83, EIO, 5) \
	D(EBADEXEC, 85, ENOEXEC, 8) \
	D(EBADARCH, 86, ENOEXEC, 8) \
	D(ESHLIBVERS, 87, ENOEXEC, 8) \
	D(EBADMACHO, 88, ENOEXEC, 8) \
	D(ENOATTR, 93, ENODATA, 61) \
	D(ENOPOLICY, 103, EPERM, 1) \
	D(EQFULL, 106, ENOBUFS, 105)

/* Signal numbers (asm/signal.h; sys/signal.h). Linux's real-time signals
 * (32 to 64) have no Darwin signal either: the host emulates them. */
#define XLAT_SIGNAL(X, N) \
	X(SIGHUP, 1, SIGHUP, 1) \
	X(SIGINT, 2, SIGINT, 2) \
	X(SIGQUIT, 3, SIGQUIT, 3) \
	X(SIGILL, 4, SIGILL, 4) \
	X(SIGTRAP, 5, SIGTRAP, 5) \
	X(SIGABRT, 6, SIGABRT, 6) \
	X(SIGBUS, 7, SIGBUS, 10) \
	X(SIGFPE, 8, SIGFPE, 8) \
	X(SIGKILL, 9, SIGKILL, 9) \
	X(SIGUSR1, 10, SIGUSR1, 30) \
	X(SIGSEGV, 11, SIGSEGV, 11) \
	X(SIGUSR2, 12, SIGUSR2, 31) \
	X(SIGPIPE, 13, SIGPIPE, 13) \
	X(SIGALRM, 14, SIGALRM, 14) \
	X(SIGTERM, 15, SIGTERM, 15) \
	N(SIGSTKFLT, 16, XLAT_NONE) \
	X(SIGCHLD, 17, SIGCHLD, 20) \
	X(SIGCONT, 18, SIGCONT, 19) \
	X(SIGSTOP, 19, SIGSTOP, 17) \
	X(SIGTSTP, 20, SIGTSTP, 18) \
	X(SIGTTIN, 21, SIGTTIN, 21) \
	X(SIGTTOU, 22, SIGTTOU, 22) \
	X(SIGURG, 23, SIGURG, 16) \
	X(SIGXCPU, 24, SIGXCPU, 24) \
	X(SIGXFSZ, 25, SIGXFSZ, 25) \
	X(SIGVTALRM, 26, SIGVTALRM, 26) \
	X(SIGPROF, 27, SIGPROF, 27) \
	X(SIGWINCH, 28, SIGWINCH, 28) \
	X(SIGIO, 29, SIGIO, 23) \
	N(SIGPWR, 30, XLAT_NONE) \
	X(SIGSYS, 31, SIGSYS, 12)

/* A signal's si_code (asm-generic/siginfo.h; sys/signal.h): where it came
 * from, then per signal what happened. SEGV_, BUS_, TRAP_ and CLD_ codes
 * are the same numbers on both (xlat_checks_*.c); ILL_ and FPE_ are not. */
#define XLAT_SI_CODE(X, N) \
	X(SI_USER, 0, SI_USER, 0x10001) \
	X(SI_QUEUE, -1, SI_QUEUE, 0x10002) \
	X(SI_TIMER, -2, SI_TIMER, 0x10003) \
	X(SI_MESGQ, -3, SI_MESGQ, 0x10005) \
	X(SI_ASYNCIO, -4, SI_ASYNCIO, 0x10004)
#define XLAT_ILL_CODE(X, N) \
	X(ILL_ILLOPC, 1, ILL_ILLOPC, 1) \
	X(ILL_ILLOPN, 2, ILL_ILLOPN, 4) \
	X(ILL_ILLADR, 3, ILL_ILLADR, 5) \
	X(ILL_ILLTRP, 4, ILL_ILLTRP, 2) \
	X(ILL_PRVOPC, 5, ILL_PRVOPC, 3) \
	X(ILL_PRVREG, 6, ILL_PRVREG, 6) \
	X(ILL_COPROC, 7, ILL_COPROC, 7) \
	X(ILL_BADSTK, 8, ILL_BADSTK, 8)
#define XLAT_FPE_CODE(X, N) \
	X(FPE_INTDIV, 1, FPE_INTDIV, 7) \
	X(FPE_INTOVF, 2, FPE_INTOVF, 8) \
	X(FPE_FLTDIV, 3, FPE_FLTDIV, 1) \
	X(FPE_FLTOVF, 4, FPE_FLTOVF, 2) \
	X(FPE_FLTUND, 5, FPE_FLTUND, 3) \
	X(FPE_FLTRES, 6, FPE_FLTRES, 4) \
	X(FPE_FLTINV, 7, FPE_FLTINV, 5) \
	X(FPE_FLTSUB, 8, FPE_FLTSUB, 6)
/* A memory fault's codes, which the host chooses itself (xlat_fault_from_darwin). */
#define XLAT_FAULT_CODE(X, N) \
	X(SEGV_MAPERR, 1, SEGV_MAPERR, 1) \
	X(SEGV_ACCERR, 2, SEGV_ACCERR, 2) \
	X(BUS_ADRALN, 1, BUS_ADRALN, 1) \
	X(BUS_ADRERR, 2, BUS_ADRERR, 2)
/* The other codes both number alike, checked against each side's headers. */
#define XLAT_CODES_KEPT \
	(BUS_OBJERR == 3 && \
	 TRAP_BRKPT == 1 && TRAP_TRACE == 2 && CLD_EXITED == 1 && CLD_KILLED == 2 && CLD_DUMPED == 3 && \
	 CLD_TRAPPED == 4 && CLD_STOPPED == 5 && CLD_CONTINUED == 6)

/* sigaction's flags (asm-generic/signal-defs.h, asm/signal.h;
 * sys/signal.h). SA_RESTORER is Linux's alone: the host keeps the guest's
 * restorer itself. */
#define XLAT_SA(X, N) \
	X(SA_NOCLDSTOP, 0x1, SA_NOCLDSTOP, 0x8) \
	X(SA_NOCLDWAIT, 0x2, SA_NOCLDWAIT, 0x20) \
	X(SA_SIGINFO, 0x4, SA_SIGINFO, 0x40) \
	N(SA_RESTORER, 0x04000000, 0) \
	X(SA_ONSTACK, 0x08000000, SA_ONSTACK, 0x1) \
	X(SA_RESTART, 0x10000000, SA_RESTART, 0x2) \
	X(SA_NODEFER, 0x40000000, SA_NODEFER, 0x10) \
	X(SA_RESETHAND, 0x80000000, SA_RESETHAND, 0x4)

/* open and fcntl(F_GETFL/F_SETFL) flags (asm/fcntl.h; sys/fcntl.h). The
 * access mode (the low two bits) is the same on both and kept as it is.
 * O_SYNC is Linux's __O_SYNC with O_DSYNC: its row comes first. */
#if XLAT_LINUX_AARCH64
#define XLAT_OPEN_ARCH(X, N) \
	X(O_DIRECTORY, 040000, O_DIRECTORY, 0x100000) \
	X(O_NOFOLLOW, 0100000, O_NOFOLLOW, 0x100) \
	N(O_DIRECT, 0200000, XLAT_NONE) \
	N(O_LARGEFILE, 0400000, 0)
#else
#define XLAT_OPEN_ARCH(X, N) \
	N(O_DIRECT, 040000, XLAT_NONE) \
	N(O_LARGEFILE, 0100000, 0) \
	X(O_DIRECTORY, 0200000, O_DIRECTORY, 0x100000) \
	X(O_NOFOLLOW, 0400000, O_NOFOLLOW, 0x100)

#endif
#define XLAT_OPEN(X, N) \
	X(O_CREAT, 0100, O_CREAT, 0x200) \
	X(O_EXCL, 0200, O_EXCL, 0x800) \
	X(O_NOCTTY, 0400, O_NOCTTY, 0x20000) \
	X(O_TRUNC, 01000, O_TRUNC, 0x400) \
	X(O_APPEND, 02000, O_APPEND, 0x8) \
	X(O_NONBLOCK, 04000, O_NONBLOCK, 0x4) \
	X(O_SYNC, 04010000, O_SYNC, 0x80) \
	X(O_DSYNC, 010000, O_DSYNC, 0x400000) \
	X(FASYNC, 020000, O_ASYNC, 0x40) \
	XLAT_OPEN_ARCH(X, N) \
	N(O_NOATIME, 01000000, 0) \
	X(O_CLOEXEC, 02000000, O_CLOEXEC, 0x1000000) \
	N(O_PATH, 010000000, XLAT_NONE) \
	N(__O_TMPFILE, 020000000, XLAT_NONE)

/* The *at calls' flags (linux/fcntl.h; sys/fcntl.h). AT_EMPTY_PATH,
 * Darwin's lack, the host layer does as the call on the descriptor. */
#define XLAT_AT(X, N) \
	X(AT_SYMLINK_NOFOLLOW, 0x100, AT_SYMLINK_NOFOLLOW, 0x20) \
	X(AT_REMOVEDIR, 0x200, AT_REMOVEDIR, 0x80) \
	X(AT_SYMLINK_FOLLOW, 0x400, AT_SYMLINK_FOLLOW, 0x40) \
	N(AT_NO_AUTOMOUNT, 0x800, 0) \
	N(AT_EMPTY_PATH, 0x1000, XLAT_NONE) \
	N(AT_STATX_FORCE_SYNC, 0x2000, 0) \
	N(AT_STATX_DONT_SYNC, 0x4000, 0)

/* renameat2's flags (linux/fs.h) as renameatx_np's (sys/stdio.h) */
#define XLAT_RENAME(X, N) \
	X(RENAME_NOREPLACE, 0x1, RENAME_EXCL, 0x4) \
	X(RENAME_EXCHANGE, 0x2, RENAME_SWAP, 0x2) \
	N(RENAME_WHITEOUT, 0x4, XLAT_NONE)

/* fcntl commands (asm-generic/fcntl.h; sys/fcntl.h). Linux's F_GETLK and
 * friends are the 64-bit forms on both architectures. */
#define XLAT_FCNTL(X, N) \
	X(F_DUPFD, 0, F_DUPFD, 0) \
	X(F_GETFD, 1, F_GETFD, 1) \
	X(F_SETFD, 2, F_SETFD, 2) \
	X(F_GETFL, 3, F_GETFL, 3) \
	X(F_SETFL, 4, F_SETFL, 4) \
	X(F_GETLK, 5, F_GETLK, 7) \
	X(F_SETLK, 6, F_SETLK, 8) \
	X(F_SETLKW, 7, F_SETLKW, 9) \
	X(F_SETOWN, 8, F_SETOWN, 6) \
	X(F_GETOWN, 9, F_GETOWN, 5) \
	N(F_SETSIG, 10, XLAT_NONE) \
	N(F_GETSIG, 11, XLAT_NONE) \
	X(F_DUPFD_CLOEXEC, 1030, F_DUPFD_CLOEXEC, 67) \
	N(F_SETPIPE_SZ, 1031, XLAT_NONE) \
	N(F_GETPIPE_SZ, 1032, XLAT_NONE)

/* mmap and mprotect protections (asm-generic/mman-common.h; sys/mman.h) */
#define XLAT_PROT(X, N) \
	X(PROT_READ, 0x1, PROT_READ, 0x1) \
	X(PROT_WRITE, 0x2, PROT_WRITE, 0x2) \
	X(PROT_EXEC, 0x4, PROT_EXEC, 0x4) \
	N(PROT_GROWSDOWN, 0x01000000, XLAT_NONE) \
	N(PROT_GROWSUP, 0x02000000, XLAT_NONE)

/* mmap flags besides the mapping type (MAP_SHARED, MAP_PRIVATE,
 * MAP_SHARED_VALIDATE: the low bits, xlat_mmap_flags_to_darwin). Hints
 * Darwin does without become nothing. MAP_32BIT: Linux's is the first
 * 2 GiB, Darwin's (macOS 10.15 and later) the first 4: the host layer
 * checks the mapping it gets (darwin_host.c, map_memory). */
#if !XLAT_LINUX_AARCH64
#define XLAT_MMAP_ARCH(X, N) X(MAP_32BIT, 0x40, MAP_32BIT, 0x8000)
#else
#define XLAT_MMAP_ARCH(X, N)

#endif
#define XLAT_MMAP(X, N) \
	X(MAP_FIXED, 0x10, MAP_FIXED, 0x10) \
	X(MAP_ANONYMOUS, 0x20, MAP_ANON, 0x1000) \
	XLAT_MMAP_ARCH(X, N) \
	N(MAP_GROWSDOWN, 0x100, XLAT_NONE) \
	N(MAP_DENYWRITE, 0x800, 0) \
	N(MAP_EXECUTABLE, 0x1000, 0) \
	N(MAP_LOCKED, 0x2000, XLAT_NONE) \
	X(MAP_NORESERVE, 0x4000, MAP_NORESERVE, 0x40) \
	N(MAP_POPULATE, 0x8000, 0) \
	N(MAP_NONBLOCK, 0x10000, 0) \
	N(MAP_STACK, 0x20000, 0) \
	N(MAP_HUGETLB, 0x40000, XLAT_NONE) \
	N(MAP_SYNC, 0x80000, XLAT_NONE) \
	N(MAP_FIXED_NOREPLACE, 0x100000, XLAT_NONE)

/* poll events (asm-generic/poll.h; sys/poll.h). Darwin's POLLWRNORM is its
 * POLLOUT: translated back, the guest's requested events pick which. */
#define XLAT_POLL(X, N) \
	X(POLLIN, 0x1, POLLIN, 0x1) \
	X(POLLPRI, 0x2, POLLPRI, 0x2) \
	X(POLLOUT, 0x4, POLLOUT, 0x4) \
	X(POLLERR, 0x8, POLLERR, 0x8) \
	X(POLLHUP, 0x10, POLLHUP, 0x10) \
	X(POLLNVAL, 0x20, POLLNVAL, 0x20) \
	X(POLLRDNORM, 0x40, POLLRDNORM, 0x40) \
	X(POLLRDBAND, 0x80, POLLRDBAND, 0x80) \
	X(POLLWRNORM, 0x100, POLLWRNORM, 0x4) \
	X(POLLWRBAND, 0x200, POLLWRBAND, 0x100) \
	N(POLLMSG, 0x400, XLAT_NONE) \
	N(POLLREMOVE, 0x1000, XLAT_NONE) \
	N(POLLRDHUP, 0x2000, XLAT_NONE)

/* Clock ids (linux/time.h; time.h). Linux's MONOTONIC stops while the
 * machine sleeps and BOOTTIME does not: Darwin's UPTIME_RAW and MONOTONIC
 * are those. The coarse clocks take Darwin's cheaper approximations. */
#define XLAT_CLOCK(X, N) \
	X(CLOCK_REALTIME, 0, CLOCK_REALTIME, 0) \
	X(CLOCK_MONOTONIC, 1, CLOCK_UPTIME_RAW, 8) \
	X(CLOCK_PROCESS_CPUTIME_ID, 2, CLOCK_PROCESS_CPUTIME_ID, 12) \
	X(CLOCK_THREAD_CPUTIME_ID, 3, CLOCK_THREAD_CPUTIME_ID, 16) \
	X(CLOCK_MONOTONIC_RAW, 4, CLOCK_UPTIME_RAW, 8) \
	X(CLOCK_REALTIME_COARSE, 5, CLOCK_REALTIME, 0) \
	X(CLOCK_MONOTONIC_COARSE, 6, CLOCK_UPTIME_RAW_APPROX, 9) \
	X(CLOCK_BOOTTIME, 7, CLOCK_MONOTONIC, 6) \
	N(CLOCK_REALTIME_ALARM, 8, XLAT_NONE) \
	N(CLOCK_BOOTTIME_ALARM, 9, XLAT_NONE) \
	N(CLOCK_TAI, 11, XLAT_NONE)

/* Flags of sendmsg, recvmsg and friends (include/linux/socket.h, which
 * uapi does not export: checked against glibc's in the unit test;
 * sys/socket.h). Linux's MSG_CMSG_CLOEXEC has no Darwin flag: the host
 * sets FD_CLOEXEC on what arrives. */
#define XLAT_MSG(X, N) \
	X(MSG_OOB, 0x1, MSG_OOB, 0x1) \
	X(MSG_PEEK, 0x2, MSG_PEEK, 0x2) \
	X(MSG_DONTROUTE, 0x4, MSG_DONTROUTE, 0x4) \
	X(MSG_CTRUNC, 0x8, MSG_CTRUNC, 0x20) \
	X(MSG_TRUNC, 0x20, MSG_TRUNC, 0x10) \
	X(MSG_DONTWAIT, 0x40, MSG_DONTWAIT, 0x80) \
	X(MSG_EOR, 0x80, MSG_EOR, 0x8) \
	X(MSG_WAITALL, 0x100, MSG_WAITALL, 0x40) \
	X(MSG_NOSIGNAL, 0x4000, MSG_NOSIGNAL, 0x80000) \
	N(MSG_CMSG_CLOEXEC, 0x40000000, XLAT_NONE)

/* Address families (linux/socket.h is not uapi either; sys/socket.h) */
#define XLAT_AF(X, N) \
	X(AF_UNSPEC, 0, AF_UNSPEC, 0) \
	X(AF_UNIX, 1, AF_UNIX, 1) \
	X(AF_INET, 2, AF_INET, 2) \
	X(AF_INET6, 10, AF_INET6, 30)

/* Terminal modes (asm-generic/termbits.h; sys/termios.h): the flag words,
 * bit by bit. Output delays have no translation (terminals ignore them). */
#define XLAT_TERMIOS_IFLAG(X, N) \
	X(IGNBRK, 01, IGNBRK, 0x1) \
	X(BRKINT, 02, BRKINT, 0x2) \
	X(IGNPAR, 04, IGNPAR, 0x4) \
	X(PARMRK, 010, PARMRK, 0x8) \
	X(INPCK, 020, INPCK, 0x10) \
	X(ISTRIP, 040, ISTRIP, 0x20) \
	X(INLCR, 0100, INLCR, 0x40) \
	X(IGNCR, 0200, IGNCR, 0x80) \
	X(ICRNL, 0400, ICRNL, 0x100) \
	N(IUCLC, 01000, XLAT_NONE) \
	X(IXON, 02000, IXON, 0x200) \
	X(IXANY, 04000, IXANY, 0x800) \
	X(IXOFF, 010000, IXOFF, 0x400) \
	X(IMAXBEL, 020000, IMAXBEL, 0x2000) \
	X(IUTF8, 040000, IUTF8, 0x4000)
#define XLAT_TERMIOS_OFLAG(X, N) \
	X(OPOST, 01, OPOST, 0x1) \
	N(OLCUC, 02, XLAT_NONE) \
	X(ONLCR, 04, ONLCR, 0x2) \
	X(OCRNL, 010, OCRNL, 0x10) \
	X(ONOCR, 020, ONOCR, 0x20) \
	X(ONLRET, 040, ONLRET, 0x40) \
	X(OFILL, 0100, OFILL, 0x80) \
	X(OFDEL, 0200, OFDEL, 0x20000)
/* CSIZE is two bits on both sides (CS8 is both). The speed lives in
 * c_cflag on Linux (CBAUD) and in c_ispeed/c_ospeed on Darwin. */
#define XLAT_TERMIOS_CFLAG(X, N) \
	X(CS6, 020, CS6, 0x100) \
	X(CS7, 040, CS7, 0x200) \
	X(CSTOPB, 0100, CSTOPB, 0x400) \
	X(CREAD, 0200, CREAD, 0x800) \
	X(PARENB, 0400, PARENB, 0x1000) \
	X(PARODD, 01000, PARODD, 0x2000) \
	X(HUPCL, 02000, HUPCL, 0x4000) \
	X(CLOCAL, 04000, CLOCAL, 0x8000) \
	X(CRTSCTS, 020000000000, CRTSCTS, 0x30000)
#define XLAT_TERMIOS_LFLAG(X, N) \
	X(ISIG, 01, ISIG, 0x80) \
	X(ICANON, 02, ICANON, 0x100) \
	N(XCASE, 04, XLAT_NONE) \
	X(ECHO, 010, ECHO, 0x8) \
	X(ECHOE, 020, ECHOE, 0x2) \
	X(ECHOK, 040, ECHOK, 0x4) \
	X(ECHONL, 0100, ECHONL, 0x10) \
	X(NOFLSH, 0200, NOFLSH, 0x80000000) \
	X(TOSTOP, 0400, TOSTOP, 0x400000) \
	X(ECHOCTL, 01000, ECHOCTL, 0x40) \
	X(ECHOPRT, 02000, ECHOPRT, 0x20) \
	X(ECHOKE, 04000, ECHOKE, 0x1) \
	X(FLUSHO, 010000, FLUSHO, 0x800000) \
	X(PENDIN, 040000, PENDIN, 0x20000000) \
	X(IEXTEN, 0100000, IEXTEN, 0x400) \
	X(EXTPROC, 0200000, EXTPROC, 0x800)
/* Control characters: their index in c_cc. */
#define XLAT_TERMIOS_CC(X, N) \
	X(VINTR, 0, VINTR, 8) \
	X(VQUIT, 1, VQUIT, 9) \
	X(VERASE, 2, VERASE, 3) \
	X(VKILL, 3, VKILL, 5) \
	X(VEOF, 4, VEOF, 0) \
	X(VTIME, 5, VTIME, 17) \
	X(VMIN, 6, VMIN, 16) \
	N(VSWTC, 7, XLAT_NONE) \
	X(VSTART, 8, VSTART, 12) \
	X(VSTOP, 9, VSTOP, 13) \
	X(VSUSP, 10, VSUSP, 10) \
	X(VEOL, 11, VEOL, 1) \
	X(VREPRINT, 12, VREPRINT, 6) \
	X(VDISCARD, 13, VDISCARD, 15) \
	X(VWERASE, 14, VWERASE, 4) \
	X(VLNEXT, 15, VLNEXT, 14) \
	X(VEOL2, 16, VEOL2, 2)
/* Speeds: Linux's codes in CBAUD; Darwin's are the rates themselves. */
#define XLAT_TERMIOS_SPEED(X, N) \
	X(B0, 0, B0, 0) \
	X(B50, 01, B50, 50) \
	X(B75, 02, B75, 75) \
	X(B110, 03, B110, 110) \
	X(B134, 04, B134, 134) \
	X(B150, 05, B150, 150) \
	X(B200, 06, B200, 200) \
	X(B300, 07, B300, 300) \
	X(B600, 010, B600, 600) \
	X(B1200, 011, B1200, 1200) \
	X(B1800, 012, B1800, 1800) \
	X(B2400, 013, B2400, 2400) \
	X(B4800, 014, B4800, 4800) \
	X(B9600, 015, B9600, 9600) \
	X(B19200, 016, B19200, 19200) \
	X(B38400, 017, B38400, 38400) \
	X(B57600, 010001, B57600, 57600) \
	X(B115200, 010002, B115200, 115200) \
	X(B230400, 010003, B230400, 230400)

/* Values of other calls (asm-generic/signal-defs.h, resource.h, ioctls.h;
 * signal.h, sys/resource.h, sys/ttycom.h). Darwin does the terminal mode
 * ioctls with tcgetattr and tcsetattr. */
#define XLAT_MISC(X, N) \
	X(SIG_BLOCK, 0, SIG_BLOCK, 1) \
	X(SIG_UNBLOCK, 1, SIG_UNBLOCK, 2) \
	X(SIG_SETMASK, 2, SIG_SETMASK, 3) \
	X(RLIMIT_STACK, 3, RLIMIT_STACK, 3) \
	X(RLIMIT_NOFILE, 7, RLIMIT_NOFILE, 8) \
	N(TCGETS, 0x5401, 0) \
	N(TCSETS, 0x5402, 0) \
	N(TCSETSW, 0x5403, 0) \
	N(TCSETSF, 0x5404, 0) \
	X(TIOCGWINSZ, 0x5413, TIOCGWINSZ, 0x40087468) \
	X(TIOCSWINSZ, 0x5414, TIOCSWINSZ, 0x80087467) \
	N(TIOCGPTN, 0x80045430, 0) \
	N(TIOCSPTLCK, 0x40045431, 0) \
	X(AT_FDCWD, -100, AT_FDCWD, -2) \
	N(RESOLVE_NO_MAGICLINKS, 0x02, 0) \
	N(RESOLVE_IN_ROOT, 0x10, 0) \
	N(STATX_BASIC_STATS, 0x7ff, 0) \
	N(STATX_BTIME, 0x800, 0)

/* waitid's options (linux/wait.h; sys/wait.h); wait4's are these with
 * Linux's WUNTRACED, which is its WSTOPPED bit, as Darwin's WUNTRACED.
 * The thread-group options are Linux's alone: Darwin's children are all
 * processes. */
#define XLAT_WAIT(X, N) \
	X(WNOHANG, 0x1, WNOHANG, 0x1) \
	X(WSTOPPED, 0x2, WSTOPPED, 0x8) \
	X(WEXITED, 0x4, WEXITED, 0x4) \
	X(WCONTINUED, 0x8, WCONTINUED, 0x10) \
	X(WNOWAIT, 0x01000000, WNOWAIT, 0x20) \
	N(__WNOTHREAD, 0x20000000, 0) \
	N(__WALL, 0x40000000, 0) \
	N(__WCLONE, 0x80000000, 0)

/* setxattr's flags (linux/xattr.h; sys/xattr.h, as darwin_xattr.h
 * declares it) */
#define XLAT_XATTR(X, N) \
	X(XATTR_CREATE, 0x1, XATTR_CREATE, 0x2) \
	X(XATTR_REPLACE, 0x2, XATTR_REPLACE, 0x4)

/* utimensat's special nanoseconds (not uapi on Linux: xlat_test checks
 * them against the C library) */
#define XLAT_UTIME(X, N) \
	X(UTIME_NOW, 0x3fffffff, UTIME_NOW, -1) \
	X(UTIME_OMIT, 0x3ffffffe, UTIME_OMIT, -2)

#endif
