/* The Darwin host layer's translations, run on Linux (they use no system
 * header). The table's two columns are checked at build time
 * (xlat_checks_*.c); these check the functions over it, and the MSG_, AF_
 * and UTIME_ rows, which Linux's uapi does not export, against the C
 * library. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"
#include "xlat.h"

#define CHECK_X(lname, lx, dname, dw) _Static_assert(lname == (lx), "xlat_table.h: Linux's " #lname);
#define CHECK_N(lname, lx, dw) CHECK_X(lname, lx, , dw)
XLAT_MSG(CHECK_X, CHECK_N)
XLAT_AF(CHECK_X, CHECK_N)
XLAT_UTIME(CHECK_X, CHECK_N)


/* Linux's values the tests name (the guest's side) */
enum {
	L_O_WRONLY = 01, L_O_RDWR = 02, L_O_CREAT = 0100, L_O_TRUNC = 01000, L_O_APPEND = 02000,
	L_O_SYNC = 04010000, L_O_LARGEFILE = 0100000, L_O_CLOEXEC = 02000000, L_O_PATH = 010000000,
	L_MAP_SHARED = 1, L_MAP_PRIVATE = 2, L_MAP_SHARED_VALIDATE = 3, L_MAP_FIXED = 0x10,
	L_MAP_ANONYMOUS = 0x20, L_MAP_32BIT = 0x40, L_MAP_STACK = 0x20000, L_MAP_SYNC = 0x80000,
	L_ICRNL = 0400, L_IXON = 02000, L_IUCLC = 01000, L_OPOST = 1, L_ONLCR = 4, L_CS8 = 060, L_CREAD = 0200,
	L_B38400 = 017, L_B57600 = 010001, L_ISIG = 1, L_ICANON = 2, L_ECHO = 010, L_IEXTEN = 0100000,
	L_VINTR = 0, L_VMIN = 6, L_VERASE = 2,
};

static void errnos(void)
{
	CHECK(xlat_errno_from_darwin(35) == LINUX_EAGAIN);     /* Darwin's EAGAIN */
	CHECK(xlat_errno_from_darwin(11) == LINUX_EDEADLK);    /* Darwin's EDEADLK */
	CHECK(xlat_errno_from_darwin(62) == LINUX_ELOOP);
	CHECK(xlat_errno_from_darwin(78) == LINUX_ENOSYS);
	CHECK(xlat_errno_from_darwin(45) == LINUX_EOPNOTSUPP); /* ENOTSUP, Darwin's alone */
	CHECK(xlat_errno_from_darwin(93) == LINUX_ENODATA);    /* ENOATTR */
	CHECK(xlat_errno_from_darwin(9999) == LINUX_EIO);
#define ROUND_TRIP(lname, lx, dname, dw) CHECK(xlat_errno_from_darwin(dw) == (lx));
#define NOTHING(...)
	XLAT_ERRNO(ROUND_TRIP, NOTHING, NOTHING)
}

static void signals(void)
{
	CHECK(xlat_signal_to_darwin(LINUX_SIGUSR1) == 30);
	CHECK(xlat_signal_to_darwin(LINUX_SIGCHLD) == 20);
	CHECK(xlat_signal_to_darwin(LINUX_SIGPWR) == 0);
	CHECK(xlat_signal_to_darwin(34) == 0); /* SIGRTMIN+2 */
	CHECK(xlat_signal_from_darwin(29) == 0); /* SIGINFO */
#define SIG_ROUND_TRIP(lname, lx, dname, dw) CHECK(xlat_signal_from_darwin(xlat_signal_to_darwin(lx)) == (lx));
	XLAT_SIGNAL(SIG_ROUND_TRIP, NOTHING)
	uint64_t set = 1ull << (LINUX_SIGUSR1 - 1) | 1ull << (LINUX_SIGCHLD - 1) | 1ull << (32 - 1);
	uint32_t d = xlat_sigset_to_darwin(set);
	CHECK(d == (1u << 29 | 1u << 19));
	CHECK(xlat_sigset_from_darwin(d) == (set & ~(1ull << 31)));
	CHECK(xlat_sigset_from_darwin(1u << 28) == 0); /* SIGINFO */
}

static void open_flags(void)
{
	uint64_t d = 0;
	CHECK(xlat_open_flags_to_darwin(L_O_WRONLY | L_O_CREAT | L_O_TRUNC | L_O_CLOEXEC, &d) == 0);
	CHECK(d == (0x1 | 0x200 | 0x400 | 0x1000000));
	CHECK(xlat_open_flags_to_darwin(L_O_RDWR | L_O_LARGEFILE, &d) == 0 && d == 0x2);
	CHECK(xlat_open_flags_to_darwin(L_O_SYNC, &d) == 0 && d == (0x80 | 0x400000));
	/* the *at calls' flags (AT_EMPTY_PATH: done by the caller) and renameat2's */
	CHECK(xlat_bits_to_darwin(&xlat_at, 0x100 | 0x200 | 0x800, &d) == 0 && d == (0x20 | 0x80));
	CHECK(xlat_bits_to_darwin(&xlat_at, 0x400, &d) == 0 && d == 0x40);
	CHECK(xlat_bits_to_darwin(&xlat_at, 0x1000, &d) == -LINUX_EINVAL);
	CHECK(xlat_bits_to_darwin(&xlat_rename, 0x1, &d) == 0 && d == 0x4);
	CHECK(xlat_bits_to_darwin(&xlat_rename, 0x2, &d) == 0 && d == 0x2);
	CHECK(xlat_bits_to_darwin(&xlat_rename, 0x4, &d) == -LINUX_EINVAL);
	CHECK(xlat_bits_to_darwin(&xlat_xattr, 0x1, &d) == 0 && d == 0x2);
	CHECK(xlat_bits_to_darwin(&xlat_xattr, 0x2, &d) == 0 && d == 0x4);
	CHECK(xlat_bits_to_darwin(&xlat_xattr, 0x4, &d) == -LINUX_EINVAL);
	/* O_PATH: read-only and never blocking, a symlink itself when not followed, the rest ignored */
	CHECK(xlat_open_flags_to_darwin(L_O_PATH, &d) == 0 && d == 0x4);
	CHECK(xlat_open_flags_to_darwin(L_O_PATH | 0200000 | L_O_CLOEXEC, &d) == 0 && d == (0x4 | 0x100000 | 0x1000000));
	CHECK(xlat_open_flags_to_darwin(L_O_PATH | 0400000 | L_O_WRONLY | L_O_TRUNC, &d) == 0 && d == (0x4 | 0x200000));
	CHECK(xlat_open_flags_to_darwin(0x80000000u, &d) == -LINUX_EINVAL);
	CHECK(xlat_open_flags_to_darwin(3, &d) == -LINUX_EINVAL);
	CHECK(xlat_open_flags_from_darwin(0x1000000 | 0x2 | 0x8) == (L_O_CLOEXEC | L_O_RDWR | L_O_APPEND));
	CHECK(xlat_fcntl_cmd_to_darwin(5) == 7);      /* F_GETLK */
	CHECK(xlat_fcntl_cmd_to_darwin(1030) == 67);  /* F_DUPFD_CLOEXEC */
	CHECK(xlat_fcntl_cmd_to_darwin(10) == -1);    /* F_SETSIG */
}

static void memory(void)
{
	uint64_t d = 0;
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_STACK, &d) == 0 && d == (0x2 | 0x1000));
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_SHARED | L_MAP_FIXED, &d) == 0 && d == 0x11);
	/* low memory: Darwin's MAP_32BIT (its first 4 GiB; map_memory checks for Linux's 2) */
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_32BIT, &d) == 0 && d == (0x2 | 0x1000 | 0x8000));
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_SHARED_VALIDATE, &d) == 0 && d == 0x1);
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_SHARED_VALIDATE | L_MAP_SYNC, &d) == -LINUX_EINVAL);
	CHECK(xlat_mmap_flags_to_darwin(L_MAP_ANONYMOUS, &d) == -LINUX_EINVAL);
	CHECK(xlat_bits_to_darwin(&xlat_prot, 0x1 | 0x4, &d) == 0 && d == 0x5);
	CHECK(xlat_bits_to_darwin(&xlat_prot, 0x1 | 0x01000000, &d) == -LINUX_EINVAL);
}

static void poll_and_clocks(void)
{
	uint16_t d = 0;
	CHECK(xlat_poll_to_darwin(LINUX_POLLIN | LINUX_POLLWRBAND, &d) == 0 && d == (0x1 | 0x100));
	CHECK(xlat_poll_to_darwin(LINUX_POLLRDHUP, &d) == -LINUX_EINVAL);
	CHECK(xlat_poll_from_darwin(0x4 | 0x10, LINUX_POLLOUT) == (LINUX_POLLOUT | LINUX_POLLHUP));
	CHECK(xlat_poll_from_darwin(0x4, LINUX_POLLWRNORM) == LINUX_POLLWRNORM);
	CHECK(xlat_poll_from_darwin(0x1, LINUX_POLLOUT) == 0);
	CHECK(xlat_clock_to_darwin(1) == 8);  /* MONOTONIC: UPTIME_RAW */
	CHECK(xlat_clock_to_darwin(7) == 6);  /* BOOTTIME: MONOTONIC */
	CHECK(xlat_clock_to_darwin(2) == 12);
	CHECK(xlat_clock_to_darwin(11) == -1); /* TAI */
	CHECK(xlat_clock_to_darwin(-6) == -1); /* a CPU clock by pid */
}

static void stat_layout(void)
{
	struct xd_stat d = { .dev = 1 << 24 | 5, .mode = 0100644, .nlink = 3, .ino = 1ull << 40, .uid = 501,
	                     .gid = 20, .rdev = 16 << 24 | 0x12345, .atime = { 1, 2 }, .mtime = { 3, 4 },
	                     .ctime = { 5, 6 }, .birthtime = { 7, 8 }, .size = 1 << 20, .blocks = 2048,
	                     .blksize = 4096 };
	struct lx_stat l;
	memset(&l, 0xff, sizeof l);
	xlat_stat_from_darwin(&d, &l);
	CHECK(l.dev == 0x105);
	CHECK(l.rdev == (16 << 8 | 0x45 | 0x12300ull << 12));
	CHECK(l.ino == 1ull << 40 && l.nlink == 3 && l.mode == 0100644 && l.uid == 501 && l.gid == 20);
	CHECK(l.size == 1 << 20 && l.blocks == 2048 && l.blksize == 4096);
	CHECK(l.atime == 1 && l.atime_nsec == 2 && l.mtime == 3 && l.mtime_nsec == 4 && l.ctime == 5 && l.ctime_nsec == 6);
	CHECK(l.unused[0] == 0);
}

/* One Darwin record as getdirentries64 lays it out. */
static size_t darwin_dirent(unsigned char *at, uint64_t ino, uint64_t off, uint8_t type, const char *name)
{
	struct xd_dirent d = { .ino = ino, .seekoff = off, .namlen = (uint16_t)strlen(name), .type = type };
	d.reclen = (uint16_t)((21 + d.namlen + 1 + 3) & ~3);
	memcpy(at, &d, 21);
	memcpy(at + 21, name, d.namlen + 1);
	return d.reclen;
}

static void statx_record(void)
{
	struct xd_stat d = { .dev = 0x01000005, .mode = 0100644, .nlink = 2, .ino = 77, .uid = 501, .gid = 20,
	                     .rdev = 0x10000003, .atime = { 10, 1 }, .mtime = { 11, 2 }, .ctime = { 12, 3 },
	                     .birthtime = { 9, 4 }, .size = 4096, .blocks = 8, .blksize = 4096 };
	struct lx_statx x;
	xlat_statx_from_darwin(&d, &x);
	CHECK(x.mask == (0x7ffu | 0x800u) && x.mode == 0100644 && x.nlink == 2 && x.ino == 77 && x.uid == 501 && x.gid == 20);
	CHECK(x.size == 4096 && x.blocks == 8 && x.blksize == 4096);
	CHECK(x.btime.sec == 9 && x.btime.nsec == 4 && x.atime.sec == 10 && x.mtime.nsec == 2 && x.ctime.sec == 12);
	CHECK(x.dev_major == 1 && x.dev_minor == 5 && x.rdev_major == 0x10 && x.rdev_minor == 3);
}

static void dirents(void)
{
	unsigned char in[256], out[256];
	size_t first = darwin_dirent(in, 2, 1, 4, ".");
	size_t len = first + darwin_dirent(in + first, 77, 2, 8, "hello.txt");
	size_t used = 0;
	long n = xlat_dirents_from_darwin(in, len, out, sizeof out, &used);
	CHECK(used == len);
	CHECK(n == 24 + 32); /* 19 + 2 and 19 + 10, each rounded to 8 */
	struct lx_dirent64 a, b;
	memcpy(&a, out, sizeof a);
	memcpy(&b, out + 24, sizeof b);
	CHECK(a.ino == 2 && a.off == 1 && a.reclen == 24 && a.type == 4 && !strcmp((char *)out + 19, "."));
	CHECK(b.ino == 77 && b.off == 2 && b.reclen == 32 && b.type == 8 && !strcmp((char *)out + 24 + 19, "hello.txt"));
	CHECK(xlat_dirents_from_darwin(in, len, out, 40, &used) == 24 && used == first);
	CHECK(xlat_dirents_from_darwin(in, len, out, 16, &used) == -LINUX_EINVAL);
	CHECK(xlat_dirents_from_darwin(in, 0, out, sizeof out, &used) == 0 && used == 0);
}

static void sockaddrs(void)
{
	unsigned char lx[128], d[128], back[128];
	/* AF_INET 127.0.0.1:4660 */
	unsigned char in4[16] = { 2, 0, 0x12, 0x34, 127, 0, 0, 1 };
	CHECK(xlat_sockaddr_to_darwin(in4, sizeof in4, d, sizeof d) == 16);
	CHECK(d[0] == 16 && d[1] == 2 && d[2] == 0x12 && d[3] == 0x34 && d[4] == 127 && d[7] == 1);
	CHECK(xlat_sockaddr_from_darwin(d, 16, back, sizeof back) == 16 && !memcmp(back, in4, 16));
	/* AF_INET6 [::1]:80, scope 3 */
	struct lx_sockaddr_in6 in6 = { .family = LINUX_AF_INET6, .port = 0x5000, .flowinfo = 9, .scope_id = 3 };
	in6.addr[15] = 1;
	CHECK(xlat_sockaddr_to_darwin(&in6, sizeof in6, d, sizeof d) == 28);
	struct xd_sockaddr_in6 d6;
	memcpy(&d6, d, sizeof d6);
	CHECK(d6.len == 28 && d6.family == 30 && d6.port == 0x5000 && d6.flowinfo == 9 && d6.addr[15] == 1 && d6.scope_id == 3);
	CHECK(xlat_sockaddr_from_darwin(d, 28, back, sizeof back) == 28 && !memcmp(back, &in6, 28));
	/* AF_UNIX by path */
	memset(lx, 0, sizeof lx);
	lx[0] = 1;
	memcpy(lx + 2, "/tmp/s", 7);
	CHECK(xlat_sockaddr_to_darwin(lx, 9, d, sizeof d) == 9);
	CHECK(d[0] == 9 && d[1] == 1 && !strcmp((char *)d + 2, "/tmp/s"));
	CHECK(xlat_sockaddr_from_darwin(d, 9, back, sizeof back) == 9 && back[0] == 1 && back[1] == 0 &&
	      !strcmp((char *)back + 2, "/tmp/s"));
	CHECK(xlat_sockaddr_to_darwin(lx, 2 + 105, d, sizeof d) == -LINUX_EINVAL); /* longer than Darwin's sun_path */
	lx[0] = 16; /* AF_NETLINK */
	CHECK(xlat_sockaddr_to_darwin(lx, 12, d, sizeof d) == -LINUX_EAFNOSUPPORT);
	CHECK(xlat_sockaddr_to_darwin(in4, 8, d, sizeof d) == -LINUX_EINVAL);
}

static void terminals(void)
{
	struct lx_termios l = { .iflag = L_ICRNL | L_IXON, .oflag = L_OPOST | L_ONLCR, .cflag = L_CS8 | L_CREAD | L_B38400,
	                        .lflag = L_ISIG | L_ICANON | L_ECHO | L_IEXTEN };
	l.cc[L_VINTR] = 3;
	l.cc[L_VMIN] = 1;
	l.cc[L_VERASE] = 0x7f;
	struct xd_termios d;
	CHECK(xlat_termios_to_darwin(&l, &d) == 0);
	CHECK(d.iflag == (0x100 | 0x200) && d.oflag == (0x1 | 0x2) && d.cflag == (0x300 | 0x800));
	CHECK(d.lflag == (0x80 | 0x100 | 0x8 | 0x400));
	CHECK(d.ispeed == 38400 && d.ospeed == 38400);
	CHECK(d.cc[8] == 3 && d.cc[16] == 1 && d.cc[3] == 0x7f);
	struct lx_termios back;
	xlat_termios_from_darwin(&d, &back);
	CHECK(!memcmp(&back, &l, sizeof l));
	l.cflag = (l.cflag & ~(uint32_t)LX_CBAUD) | L_B57600;
	CHECK(xlat_termios_to_darwin(&l, &d) == 0 && d.ospeed == 57600);
	d.ospeed = 31250; /* a rate Linux has no code for */
	xlat_termios_from_darwin(&d, &back);
	CHECK((back.cflag & LX_CBAUD) == L_B38400);
	l.iflag |= L_IUCLC;
	CHECK(xlat_termios_to_darwin(&l, &d) == -LINUX_EINVAL);
}

/* futex calls as waits and wakes: FUTEX_WAIT's relative timeout, the
 * bitset forms' absolute one on either clock, and what Darwin cannot do. */
static void futexes(void)
{
	struct xlat_futex f;
	const int64_t mono = 5000000000, real = 1700000000000000000;
	CHECK(!xlat_futex(LX_FUTEX_WAKE | LX_FUTEX_PRIVATE_FLAG, 3, 0, 0, mono, real, &f) && f.wake && f.count == 3);
	CHECK(!xlat_futex(LX_FUTEX_WAKE_BITSET, 1, 0, LX_FUTEX_BITSET_MATCH_ANY, mono, real, &f) && f.wake && f.count == 1);
	CHECK(!xlat_futex(LX_FUTEX_WAIT, 7, 0, 0, mono, real, &f) && !f.wake && f.timeout_ns == -1);
	struct lx_timespec64 rel = { 1, 500 };
	CHECK(!xlat_futex(LX_FUTEX_WAIT | LX_FUTEX_PRIVATE_FLAG, 7, &rel, 0, mono, real, &f) && f.timeout_ns == 1000000500);
	struct lx_timespec64 zero = { 0, 0 };
	CHECK(!xlat_futex(LX_FUTEX_WAIT, 7, &zero, 0, mono, real, &f) && f.timeout_ns == 0);
	struct lx_timespec64 at = { 6, 0 };
	CHECK(!xlat_futex(LX_FUTEX_WAIT_BITSET, 7, &at, LX_FUTEX_BITSET_MATCH_ANY, mono, real, &f) && f.timeout_ns == 1000000000);
	struct lx_timespec64 past = { 4, 0 };
	CHECK(!xlat_futex(LX_FUTEX_WAIT_BITSET, 7, &past, LX_FUTEX_BITSET_MATCH_ANY, mono, real, &f) && f.timeout_ns == 0);
	struct lx_timespec64 wall = { 1700000002, 0 };
	CHECK(!xlat_futex(LX_FUTEX_WAIT_BITSET | LX_FUTEX_CLOCK_REALTIME, 7, &wall, LX_FUTEX_BITSET_MATCH_ANY, mono, real, &f) &&
	      f.timeout_ns == 2000000000);
	struct lx_timespec64 bad = { 0, 1000000000 }, negative = { -1, 0 };
	CHECK(xlat_futex(LX_FUTEX_WAIT, 7, &bad, 0, mono, real, &f) == -LINUX_EINVAL);
	CHECK(xlat_futex(LX_FUTEX_WAIT, 7, &negative, 0, mono, real, &f) == -LINUX_EINVAL);
	CHECK(xlat_futex(LX_FUTEX_WAIT_BITSET, 7, 0, 0, mono, real, &f) == -LINUX_EINVAL);
	CHECK(xlat_futex(LX_FUTEX_WAIT_BITSET, 7, 0, 1, mono, real, &f) == -LINUX_ENOSYS);
	CHECK(xlat_futex(LX_FUTEX_WAKE | LX_FUTEX_CLOCK_REALTIME, 1, 0, 0, mono, real, &f) == -LINUX_ENOSYS);
	CHECK(xlat_futex(3 /* FUTEX_REQUEUE */, 1, 0, 0, mono, real, &f) == -LINUX_ENOSYS);
	CHECK(xlat_futex(6 /* FUTEX_LOCK_PI */, 0, 0, 0, mono, real, &f) == -LINUX_ENOSYS);
}

/* Darwin's values the frame tests name (sys/signal.h) */
enum { D_SIGSEGV = 11, D_SIGFPE = 8, D_SIGILL = 4, D_SIGCHLD = 20, D_SIGUSR1 = 30, D_SI_USER = 0x10001, D_SI_QUEUE = 0x10002 };

static void signal_frames(void)
{
	/* sigaction's flags: SA_RESTORER is Linux's alone; a bit Linux does not know is left to be ignored */
	uint64_t sa;
	CHECK(xlat_bits_known(&xlat_sa) == 0xdc000007u);
	CHECK(xlat_bits_to_darwin(&xlat_sa, 0x04000000u | 0x08000000u | 0x40000000u, &sa) == 0 && sa == (0x1 | 0x10));
	CHECK(xlat_bits_to_darwin(&xlat_sa, 0x400u, &sa) == -LINUX_EINVAL);
	CHECK(xlat_si_code_from_darwin(LINUX_SIGFPE, 7) == LINUX_FPE_INTDIV);
	CHECK(xlat_si_code_from_darwin(LINUX_SIGFPE, 1) == LINUX_FPE_FLTDIV);
	CHECK(xlat_si_code_from_darwin(LINUX_SIGILL, 2) == LINUX_ILL_ILLTRP);
	CHECK(xlat_si_code_from_darwin(LINUX_SIGSEGV, 2) == 2);         /* SEGV_ACCERR on both */
	CHECK(xlat_si_code_from_darwin(LINUX_SIGSEGV, 7) == 7);         /* FPE's numbering only for SIGFPE */
	CHECK(xlat_si_code_from_darwin(LINUX_SIGTERM, D_SI_USER) == LINUX_SI_USER);

	struct xd_siginfo d = { .signo = D_SIGCHLD, .code = 1, .pid = 42, .uid = 501, .status = 3 };
	struct lx_siginfo l;
	xlat_siginfo_from_darwin(&d, &l);
	CHECK(l.signo == LINUX_SIGCHLD && l.code == 1 && l.from.pid == 42 && l.from.uid == 501 && l.from.status == 3);
	/* a child killed (CLD_KILLED) names the signal, in Linux's numbers */
	d = (struct xd_siginfo){ .signo = D_SIGCHLD, .code = 2, .pid = 42, .status = D_SIGUSR1 };
	xlat_siginfo_from_darwin(&d, &l);
	CHECK(l.code == 2 && l.from.status == LINUX_SIGUSR1);
	d = (struct xd_siginfo){ .signo = D_SIGSEGV, .code = 2, .addr = 0xdead000 };
	xlat_siginfo_from_darwin(&d, &l);
	CHECK(l.signo == LINUX_SIGSEGV && l.code == 2 && l.addr == 0xdead000);
	d = (struct xd_siginfo){ .signo = D_SIGUSR1, .code = D_SI_QUEUE, .pid = 7, .value = 99 };
	xlat_siginfo_from_darwin(&d, &l);
	CHECK(l.signo == LINUX_SIGUSR1 && l.code == LINUX_SI_QUEUE && l.from.pid == 7 && l.from.value == 99);
	d = (struct xd_siginfo){ .signo = D_SIGFPE, .code = 7, .addr = 0x4000 };
	xlat_siginfo_from_darwin(&d, &l);
	CHECK(l.signo == LINUX_SIGFPE && l.code == LINUX_FPE_INTDIV && l.addr == 0x4000);
	(void)D_SIGILL;

	static struct xd_arm_mcontext m;
	static struct lx_a64_sigcontext c;
	for (int i = 0; i < 29; i++) m.x[i] = 100 + (uint64_t)i;
	m.fp = 129, m.lr = 130, m.sp = 0x7000, m.pc = 0x10004, m.cpsr = 0x80000000u | 0x1000, m.far = 0x55;
	for (int i = 0; i < 32; i++) m.v[i] = (unsigned __int128)i << 64 | (unsigned)i;
	m.fpsr = 0x10, m.fpcr = 0x3000000;
	xlat_sigcontext_from_darwin(&m, &c);
	const struct lx_a64_fpsimd *f = (const void *)c.reserved;
	const uint32_t *end = (const uint32_t *)(c.reserved + sizeof *f);
	CHECK(c.regs[0] == 100 && c.regs[28] == 128 && c.regs[29] == 129 && c.regs[30] == 130);
	CHECK(c.sp == 0x7000 && c.pc == 0x10004 && c.pstate == 0x80000000u && c.fault_address == 0x55);
	CHECK(f->magic == LX_A64_FPSIMD_MAGIC && f->size == 528 && f->fpsr == 0x10 && f->fpcr == 0x3000000);
	CHECK(f->vregs[31] == ((unsigned __int128)31 << 64 | 31) && end[0] == 0 && end[1] == 0);
	/* A handler's changes come back; the flags beyond NZCV stay the host's. */
	c.regs[0] = 7, c.regs[30] = 0x20000, c.pc = 0x10008, c.sp = 0x6ff0, c.pstate = 0x60000000u | 0x3c5;
	((struct lx_a64_fpsimd *)c.reserved)->vregs[2] = 5;
	CHECK(xlat_sigcontext_to_darwin(&c, &m) == 0);
	CHECK(m.x[0] == 7 && m.x[1] == 101 && m.lr == 0x20000 && m.pc == 0x10008 && m.sp == 0x6ff0);
	CHECK(m.cpsr == (0x60000000u | 0x1000) && m.v[2] == 5 && m.v[3] == ((unsigned __int128)3 << 64 | 3));
	/* A frame whose FP/SIMD record was overwritten is refused, the registers untouched. */
	((struct lx_a64_fpsimd *)c.reserved)->magic = 0;
	c.regs[0] = 8;
	CHECK(xlat_sigcontext_to_darwin(&c, &m) == -LINUX_EINVAL && m.x[0] == 7);
}

/* Memory faults: XNU's SIGBUS for a protection fault is Linux's SIGSEGV,
 * told apart from an unaligned access and a pager's error by the
 * exception syndrome and the memory's protection. */
/* wait4's statuses, read by the C library's macros as a guest's would;
 * waitid's options; resource use */
static void waits(void)
{
	int s = xlat_wait_status_from_darwin(3 << 8);
	CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 3);
	s = xlat_wait_status_from_darwin(0x80 | D_SIGUSR1);
	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == LINUX_SIGUSR1 && WCOREDUMP(s));
	s = xlat_wait_status_from_darwin(9);
	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == 9 && !WCOREDUMP(s));
	s = xlat_wait_status_from_darwin(7); /* Darwin's SIGEMT, which Linux lacks */
	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == 9);
	s = xlat_wait_status_from_darwin(18 << 8 | 0x7f); /* Darwin's SIGTSTP */
	CHECK(WIFSTOPPED(s) && WSTOPSIG(s) == LINUX_SIGTSTP);
	s = xlat_wait_status_from_darwin(19 << 8 | 0x7f); /* a stop by Darwin's SIGCONT: continued */
	CHECK(WIFCONTINUED(s) && !WIFSTOPPED(s));
	uint64_t d;
	CHECK(xlat_bits_to_darwin(&xlat_wait, LINUX_WEXITED | LINUX_WSTOPPED | LINUX_WNOWAIT, &d) == 0 && d == (0x4 | 0x8 | 0x20));
	CHECK(xlat_bits_to_darwin(&xlat_wait, LINUX_WNOHANG | LINUX_WCONTINUED | LINUX___WALL, &d) == 0 && d == (0x1 | 0x10));
	CHECK(xlat_bits_to_darwin(&xlat_wait, 0x100, &d) == -LINUX_EINVAL);
	struct xd_rusage dr = { .utime = { 5, 250000 }, .stime = { 1, 7 }, .maxrss = 4096000 };
	dr.counts[12] = 11;
	struct lx_rusage lr;
	memset(&lr, 0xff, sizeof lr);
	xlat_rusage_from_darwin(&dr, &lr);
	CHECK(lr.utime.sec == 5 && lr.utime.usec == 250000 && lr.stime.sec == 1 && lr.stime.usec == 7);
	CHECK(lr.maxrss == 4000 && lr.counts[12] == 11 && lr.counts[0] == 0);
}

static void faults(void)
{
	enum { D_SIGSEGV = 11, D_SIGBUS = 10, D_BUS_ADRALN = 1, D_SEGV_ACCERR = 2, D_SI_USER = 0x10001 };
	enum { L_READ = 1, L_WRITE = 2, L_EXEC = 4 };
	const uint32_t data = 0x24u << 26, instruction = 0x20u << 26, write = 1u << 6, translation = 0x07, permission = 0x0f;
	struct { int dsig, dcode; uint32_t esr; int prot; int sig, code; } cases[] = {
		/* a write to read-only memory: a permission fault */
		{ D_SIGBUS, D_BUS_ADRALN, data | write | permission, L_READ, LINUX_SIGSEGV, LINUX_SEGV_ACCERR },
		/* a read of a PROT_NONE guard page, never mapped in: a translation fault */
		{ D_SIGBUS, D_BUS_ADRALN, data | translation, 0, LINUX_SIGSEGV, LINUX_SEGV_ACCERR },
		/* code run from memory that is not executable */
		{ D_SIGBUS, D_BUS_ADRALN, instruction | permission, L_READ | L_WRITE, LINUX_SIGSEGV, LINUX_SEGV_ACCERR },
		/* nothing mapped there */
		{ D_SIGSEGV, D_SEGV_ACCERR, data | translation, -1, LINUX_SIGSEGV, LINUX_SEGV_MAPERR },
		/* readable, yet no page: past a mapped file's end */
		{ D_SIGBUS, D_BUS_ADRALN, data | translation, L_READ, LINUX_SIGBUS, LINUX_BUS_ADRERR },
		/* unaligned */
		{ D_SIGBUS, D_BUS_ADRALN, data | 0x21, L_READ | L_WRITE, LINUX_SIGBUS, LINUX_BUS_ADRALN },
		/* sent with kill: as it is */
		{ D_SIGBUS, D_SI_USER, data | write | permission, L_READ, LINUX_SIGBUS, LINUX_SI_USER },
		/* not an abort (a brk's syndrome): as it is */
		{ D_SIGSEGV, D_SEGV_ACCERR, 0x3cu << 26, -1, LINUX_SIGSEGV, LINUX_SEGV_ACCERR },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct xd_siginfo d = { .signo = cases[i].dsig, .code = cases[i].dcode, .addr = 0x5000 };
		struct lx_siginfo l;
		xlat_siginfo_from_darwin(&d, &l);
		xlat_fault_from_darwin(cases[i].esr, cases[i].prot, &l);
		CHECK(l.signo == cases[i].sig && l.code == cases[i].code && l.addr == 0x5000);
	}
}

/* Pseudo-terminal follower names, Linux's and Darwin's. */
static void pty_names(void)
{
	char out[32];
	CHECK(xlat_pts_path_to_darwin("/dev/pts/3", out, sizeof out) == 1 && !strcmp(out, "/dev/ttys003"));
	CHECK(xlat_pts_path_to_darwin("/dev/pts/0", out, sizeof out) == 1 && !strcmp(out, "/dev/ttys000"));
	CHECK(xlat_pts_path_to_darwin("/dev/pts/42", out, sizeof out) == 1 && !strcmp(out, "/dev/ttys042"));
	CHECK(xlat_pts_path_to_darwin("/dev/pts/1234", out, sizeof out) == 1 && !strcmp(out, "/dev/ttys1234"));
	CHECK(xlat_pts_path_to_darwin("/dev/pts/", out, sizeof out) == 0);
	CHECK(xlat_pts_path_to_darwin("/dev/pts/ptmx", out, sizeof out) == 0);
	CHECK(xlat_pts_path_to_darwin("/dev/pts/3/x", out, sizeof out) == 0);
	CHECK(xlat_pts_path_to_darwin("/dev/pts/03", out, sizeof out) == 0);   /* not a name Linux gives */
	CHECK(xlat_pts_path_to_darwin("/dev/pts/99999999999", out, sizeof out) == 0);
	CHECK(xlat_pts_path_to_darwin("/dev/tty", out, sizeof out) == 0);
	CHECK(xlat_pts_path_to_darwin("/dev/pts/3", out, 12) == 0);          /* no room */
	CHECK(xlat_pts_path_to_darwin("/dev/pts/3", out, 13) == 1);
	CHECK(xlat_pts_number_from_darwin("/dev/ttys003") == 3);
	CHECK(xlat_pts_number_from_darwin("/dev/ttys510") == 510);
	CHECK(xlat_pts_number_from_darwin("/dev/ttys") == -1);
	CHECK(xlat_pts_number_from_darwin("/dev/ttyp3") == -1);
	CHECK(xlat_pts_number_from_darwin("/dev/ttys00a") == -1);
}

static void fd_paths(void)
{
	int fd = -1;
	const char *name = 0;
	CHECK(xlat_fd_path("/proc/self/fd/7", &fd, &name) == 1 && fd == 7 && !strcmp(name, ""));
	CHECK(xlat_fd_path("/proc/self/fd/12/etc/passwd", &fd, &name) == 1 && fd == 12 && !strcmp(name, "etc/passwd"));
	CHECK(xlat_fd_path("/proc/self/fd/0", &fd, &name) == 1 && fd == 0);
	CHECK(xlat_fd_path("/proc/self/fd/", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/self/fd/07", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/self/fd/7/", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/self/fd/7x", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/self/fdinfo/7", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/1/fd/7", &fd, &name) == 0);
	CHECK(xlat_fd_path("/proc/self/fd/99999999999", &fd, &name) == 0);
}

int main(void)
{
	errnos();
	signals();
	open_flags();
	memory();
	poll_and_clocks();
	stat_layout();
	dirents();
	sockaddrs();
	terminals();
	futexes();
	signal_frames();
	waits();
	faults();
	pty_names();
	statx_record();
	fd_paths();
	printf("xlat_test: %d checks passed, %d failed\n", passed, failed);
	return failed != 0;
}
