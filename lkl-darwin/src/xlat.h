/* The Darwin host layer's translations between Linux values (the guest's)
 * and Darwin's, as pure functions over xlat_table.h and xlat_layout.h: no
 * system header, so they build and are unit-tested on Linux
 * (test/xlat_test.c). Functions that can fail return 0 or a negative Linux
 * errno (EINVAL for what Darwin cannot express). */
#ifndef XLAT_H
#define XLAT_H

#include <stddef.h>
#include <stdint.h>
#include "xlat_layout.h"
#include "xlat_table.h"

/* Linux's values by name, LINUX_EPERM and so on, for code that sees
 * Darwin's own names too. */
#define XLAT_LINUX_X(lname, lx, dname, dw) LINUX_##lname = (lx),
#define XLAT_LINUX_N(lname, lx, dw) LINUX_##lname = (lx),
#define XLAT_LINUX_D(dname, dw, lname, lx)
enum {
	XLAT_ERRNO(XLAT_LINUX_X, XLAT_LINUX_N, XLAT_LINUX_D)
	XLAT_SIGNAL(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_MSG(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_POLL(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_AF(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_FCNTL(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_MMAP(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_PROT(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_OPEN(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_AT(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_RENAME(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_UTIME(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_XATTR(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_WAIT(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_SI_CODE(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_ILL_CODE(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_FPE_CODE(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_FAULT_CODE(XLAT_LINUX_X, XLAT_LINUX_N)
	XLAT_MISC(XLAT_LINUX_X, XLAT_LINUX_N)
};

/* A Darwin errno value (positive) as the guest's; one Linux lacks becomes
 * the nearest (the D rows), an unknown one EIO. */
int xlat_errno_from_darwin(int e);

/* Signal numbers; 0 where the other side has no such signal. */
int xlat_signal_to_darwin(int sig);
int xlat_signal_from_darwin(int sig);
/* A wait status (wait4's) as Linux encodes it: the same but for the
 * signal numbers in it and a continued child's (Darwin's is a stop by
 * SIGCONT, Linux's 0xffff). */
int xlat_wait_status_from_darwin(int status);
/* Resource use, as wait4 gives it. */
void xlat_rusage_from_darwin(const struct xd_rusage *d, struct lx_rusage *l);
/* Signal masks: bit n-1 is signal n. Signals Darwin lacks (real-time
 * ones, SIGSTKFLT, SIGPWR) are dropped going to Darwin: the host keeps
 * them itself. */
uint32_t xlat_sigset_to_darwin(uint64_t set);
uint64_t xlat_sigset_from_darwin(uint32_t set);

/* One bit-flag table: Linux bits to Darwin's, and back. */
struct xlat_bit {
	uint64_t linux_bits;
	int64_t darwin_bits; /* 0: nothing on Darwin; XLAT_NONE: not translated */
};
struct xlat_bits {
	const struct xlat_bit *rows;
	int count;
};
extern const struct xlat_bits xlat_open, xlat_at, xlat_rename, xlat_xattr, xlat_prot, xlat_mmap, xlat_poll, xlat_msg, xlat_sa,
	xlat_termios_iflag, xlat_termios_oflag, xlat_termios_cflag, xlat_termios_lflag, xlat_wait;
/* Linux flags as Darwin's; -LINUX_EINVAL when one has no translation. */
int xlat_bits_to_darwin(const struct xlat_bits *t, uint64_t flags, uint64_t *out);
/* The Linux bits a table has rows for (a flags word's others are ones it does not know). */
uint64_t xlat_bits_known(const struct xlat_bits *t);
uint64_t xlat_bits_from_darwin(const struct xlat_bits *t, uint64_t flags);

/* open flags, the access mode included (fcntl F_SETFL takes them too) */
int xlat_open_flags_to_darwin(uint64_t flags, uint64_t *out);
uint64_t xlat_open_flags_from_darwin(uint64_t flags);
/* A fcntl command; -1 for none. */
int xlat_fcntl_cmd_to_darwin(int cmd);
/* mmap's flags, the mapping type included. */
int xlat_mmap_flags_to_darwin(uint64_t flags, uint64_t *out);
/* poll's events; returned events as Linux's, within what the guest asked
 * for and the ones Linux always reports (POLLERR, POLLHUP, POLLNVAL). */
int xlat_poll_to_darwin(uint16_t events, uint16_t *out);
uint16_t xlat_poll_from_darwin(uint16_t revents, uint16_t requested);
/* A clock id; -1 for none (Linux's per-process and per-thread CPU clocks
 * by pid, the negative ids, included). */
int xlat_clock_to_darwin(int clock);

/* futex: Linux's ops (linux/futex.h; checked in xlat_checks_linux.c).
 * Darwin has no such call: a wait or a wake on a 32-bit word (futex.c). */
enum {
	LX_FUTEX_WAIT = 0, LX_FUTEX_WAKE = 1, LX_FUTEX_WAIT_BITSET = 9, LX_FUTEX_WAKE_BITSET = 10,
	LX_FUTEX_PRIVATE_FLAG = 128, LX_FUTEX_CLOCK_REALTIME = 256,
};
#define LX_FUTEX_BITSET_MATCH_ANY 0xffffffffu
struct lx_timespec64 {
	int64_t sec, nsec;
};
struct xlat_futex {
	int wake;           /* 1: wake up to count waiters; 0: wait while the word holds the value */
	uint32_t count;
	int64_t timeout_ns; /* a wait's, from now; -1: none, 0: already past (compare, then ETIMEDOUT) */
};
/* A futex call (op, val, the timeout as passed, val3) as a wait or a wake.
 * FUTEX_WAIT's timeout is relative; the bitset forms' absolute, on
 * CLOCK_MONOTONIC or with FUTEX_CLOCK_REALTIME on CLOCK_REALTIME, whose
 * times now the caller passes. The private flag changes nothing (Darwin's
 * waits are the address space's own). A bitset other than every bit, and
 * the other ops (requeue, wake_op, PI), are -LINUX_ENOSYS; a bitset of 0 or
 * a malformed timeout -LINUX_EINVAL. */
int xlat_futex(int op, uint32_t val, const struct lx_timespec64 *timeout, uint32_t val3, int64_t monotonic_now_ns,
               int64_t realtime_now_ns, struct xlat_futex *out);

/* Device numbers: Darwin's 8-bit major and 24-bit minor in Linux's encoding. */
uint64_t xlat_dev_from_darwin(int32_t dev);
void xlat_stat_from_darwin(const struct xd_stat *d, struct lx_stat *l);
/* statx's record, every basic field and the birth time. */
void xlat_statx_from_darwin(const struct xd_stat *d, struct lx_statx *l);
/* Darwin directory entries (getdirentries64) as Linux's getdents64 writes
 * them. Returns the bytes written to out; *used says how many of in were
 * converted (short when out is full). -LINUX_EINVAL when not even the
 * first fits. */
long xlat_dirents_from_darwin(const void *in, size_t len, void *out, size_t cap, size_t *used);
/* Socket addresses: AF_UNIX, AF_INET and AF_INET6. Returns the other
 * side's length, or a negative Linux errno. */
long xlat_sockaddr_to_darwin(const void *addr, size_t len, void *out, size_t cap);
long xlat_sockaddr_from_darwin(const void *addr, size_t len, void *out, size_t cap);
/* Terminal modes; -LINUX_EINVAL for a mode Darwin has no flag for. */
int xlat_termios_to_darwin(const struct lx_termios *l, struct xd_termios *d);
void xlat_termios_from_darwin(const struct xd_termios *d, struct lx_termios *l);

/* Pseudo-terminals' follower names: Linux's /dev/pts/N is Darwin's
 * /dev/ttysNNN (three digits at least, as ptsname gives it). The Darwin
 * name of a Linux path into out (size bytes): 1, or 0 when path is not
 * /dev/pts/N; and the N of a Darwin name, or -1. */
int xlat_pts_path_to_darwin(const char *path, char *out, size_t size);
long xlat_pts_number_from_darwin(const char *name);

/* The kernel names a file it holds as Linux lets it, through a magic
 * link: /proc/self/fd/N, or /proc/self/fd/D/NAME for a name in a
 * directory it holds. Darwin has no such links: 1 with the descriptor
 * and the name after it ("" for the descriptor's own file), else 0. */
int xlat_fd_path(const char *path, int *fd, const char **name);

/* Signals to arm64 guests (xlat_frame.c). A signal's code as Linux's
 * (sig: Linux's number); siginfo_t as Linux's (pids and uids as the
 * host's: the caller shows them in the container's terms). */
int32_t xlat_si_code_from_darwin(int sig, int32_t code);
void xlat_siginfo_from_darwin(const struct xd_siginfo *d, struct lx_siginfo *l);
/* A memory fault as Linux reports it, in l (translated already). XNU's
 * signal says little: SIGSEGV where nothing is mapped (always with
 * SEGV_ACCERR), SIGBUS for the rest (always BUS_ADRALN): a protection
 * fault, where Linux raises SIGSEGV; an unaligned access; a page the pager
 * could not provide (past a file's end). The exception syndrome (esr)
 * says which access faulted and whether it was unaligned; prot is what
 * the memory at the address allows (Linux's PROT_ bits), -1 where nothing
 * is mapped, as the host found it. Other signals, and faults sent by a
 * process rather than raised, are left as they are. */
void xlat_fault_from_darwin(uint32_t esr, int prot, struct lx_siginfo *l);
/* The interrupted registers into a Linux frame's sigcontext (with its
 * FP/SIMD and end records), and back for rt_sigreturn: what a handler may
 * change, the general and FP/SIMD registers and the NZCV flags; -EINVAL
 * when the FP/SIMD record is not where and as Linux puts it. */
void xlat_sigcontext_from_darwin(const struct xd_arm_mcontext *d, struct lx_a64_sigcontext *l);
int xlat_sigcontext_to_darwin(const struct lx_a64_sigcontext *l, struct xd_arm_mcontext *d);

#endif
