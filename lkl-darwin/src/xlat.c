/* The translations of xlat.h: walks over xlat_table.h's rows, which are
 * few; the host calls them once per translated call. */
#include "xlat.h"

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

struct pair {
	int linux_value, darwin_value;
};
#define PAIR_X(lname, lx, dname, dw) { lx, dw },
#define PAIR_N(lname, lx, dw) { lx, dw },
#define PAIR_D(dname, dw, lname, lx) { lx, dw },
#define SKIP_D(dname, dw, lname, lx)
#define SKIP_XN(...)

static const struct pair errnos[] = { XLAT_ERRNO(PAIR_X, SKIP_XN, SKIP_D) },
	darwin_only_errnos[] = { XLAT_ERRNO(SKIP_XN, SKIP_XN, PAIR_D) },
	signals[] = { XLAT_SIGNAL(PAIR_X, PAIR_N) },
	fcntl_cmds[] = { XLAT_FCNTL(PAIR_X, PAIR_N) },
	clocks[] = { XLAT_CLOCK(PAIR_X, PAIR_N) },
	families[] = { XLAT_AF(PAIR_X, PAIR_N) },
	ccs[] = { XLAT_TERMIOS_CC(PAIR_X, PAIR_N) },
	speeds[] = { XLAT_TERMIOS_SPEED(PAIR_X, PAIR_N) };

static int to_darwin(const struct pair *t, int n, int v)
{
	for (int i = 0; i < n; i++)
		if (t[i].linux_value == v) return t[i].darwin_value;
	return XLAT_NONE;
}

static int from_darwin(const struct pair *t, int n, int v)
{
	for (int i = 0; i < n; i++)
		if (t[i].darwin_value == v) return t[i].linux_value;
	return XLAT_NONE;
}

int xlat_errno_from_darwin(int e)
{
	int l = from_darwin(errnos, COUNT(errnos), e);
	if (l == XLAT_NONE) l = from_darwin(darwin_only_errnos, COUNT(darwin_only_errnos), e);
	return l == XLAT_NONE ? LINUX_EIO : l;
}

int xlat_signal_to_darwin(int sig)
{
	int d = to_darwin(signals, COUNT(signals), sig);
	return d == XLAT_NONE ? 0 : d;
}

int xlat_signal_from_darwin(int sig)
{
	int l = from_darwin(signals, COUNT(signals), sig);
	return l == XLAT_NONE ? 0 : l;
}

uint32_t xlat_sigset_to_darwin(uint64_t set)
{
	uint32_t out = 0;
	for (int i = 0; i < COUNT(signals); i++)
		if (signals[i].darwin_value != XLAT_NONE && (set >> (signals[i].linux_value - 1) & 1))
			out |= 1u << (signals[i].darwin_value - 1);
	return out;
}

int xlat_wait_status_from_darwin(int status)
{
	int low = status & 0x7f;
	if (!low) return status & 0xffff; /* exited, its code above */
	if ((status & 0xff) == 0x7f) {
		int stop = (status >> 8) & 0xff;
		if (stop == xlat_signal_to_darwin(LINUX_SIGCONT)) return 0xffff;
		return xlat_signal_from_darwin(stop) << 8 | 0x7f;
	}
	/* killed, and whether it dumped core; by a signal Linux lacks (SIGEMT, SIGINFO): as by SIGKILL */
	int sig = xlat_signal_from_darwin(low);
	return (sig ? sig : LINUX_SIGKILL) | (status & 0x80);
}

void xlat_rusage_from_darwin(const struct xd_rusage *d, struct lx_rusage *l)
{
	l->utime = (struct lx_timeval){ d->utime.sec, d->utime.usec };
	l->stime = (struct lx_timeval){ d->stime.sec, d->stime.usec };
	l->maxrss = d->maxrss / 1024;
	for (int i = 0; i < 13; i++) l->counts[i] = d->counts[i];
}

uint64_t xlat_sigset_from_darwin(uint32_t set)
{
	uint64_t out = 0;
	for (int i = 0; i < COUNT(signals); i++)
		if (signals[i].darwin_value != XLAT_NONE && (set >> (signals[i].darwin_value - 1) & 1))
			out |= 1ull << (signals[i].linux_value - 1);
	return out;
}

#define BIT_X(lname, lx, dname, dw) { lx, dw },
#define BIT_N(lname, lx, dw) { lx, dw },
#define BITS(name, list) \
	static const struct xlat_bit name##_rows[] = { list(BIT_X, BIT_N) }; \
	const struct xlat_bits name = { name##_rows, COUNT(name##_rows) };
BITS(xlat_open, XLAT_OPEN)
BITS(xlat_at, XLAT_AT)
BITS(xlat_rename, XLAT_RENAME)
BITS(xlat_xattr, XLAT_XATTR)
BITS(xlat_wait, XLAT_WAIT)
BITS(xlat_prot, XLAT_PROT)
BITS(xlat_mmap, XLAT_MMAP)
BITS(xlat_poll, XLAT_POLL)
BITS(xlat_msg, XLAT_MSG)
BITS(xlat_sa, XLAT_SA)
BITS(xlat_termios_iflag, XLAT_TERMIOS_IFLAG)
BITS(xlat_termios_oflag, XLAT_TERMIOS_OFLAG)
BITS(xlat_termios_cflag, XLAT_TERMIOS_CFLAG)
BITS(xlat_termios_lflag, XLAT_TERMIOS_LFLAG)

/* A row's bits count as set only all together (O_SYNC carries O_DSYNC's). */
int xlat_bits_to_darwin(const struct xlat_bits *t, uint64_t flags, uint64_t *out)
{
	uint64_t d = 0, seen = 0;
	for (int i = 0; i < t->count; i++) {
		const struct xlat_bit *r = &t->rows[i];
		if ((flags & r->linux_bits) != r->linux_bits) continue;
		if (r->darwin_bits == XLAT_NONE) return -LINUX_EINVAL;
		d |= (uint64_t)r->darwin_bits;
		seen |= r->linux_bits;
	}
	if (flags & ~seen) return -LINUX_EINVAL;
	*out = d;
	return 0;
}

uint64_t xlat_bits_known(const struct xlat_bits *t)
{
	uint64_t known = 0;
	for (int i = 0; i < t->count; i++) known |= t->rows[i].linux_bits;
	return known;
}

uint64_t xlat_bits_from_darwin(const struct xlat_bits *t, uint64_t flags)
{
	uint64_t l = 0;
	for (int i = 0; i < t->count; i++) {
		const struct xlat_bit *r = &t->rows[i];
		if (r->darwin_bits > 0 && (flags & (uint64_t)r->darwin_bits) == (uint64_t)r->darwin_bits)
			l |= r->linux_bits;
	}
	return l;
}

#define ACCMODE 3

/* Darwin's open of a symlink itself (sys/fcntl.h; xlat_checks_darwin.c) */
#define DARWIN_O_SYMLINK 0x200000

int xlat_open_flags_to_darwin(uint64_t flags, uint64_t *out)
{
	if (flags & LINUX_O_PATH) {
		/* Darwin has none: a read-only open that never blocks (on a FIFO),
		 * of a symlink itself when not following. Linux ignores the other
		 * flags, the access mode too. */
		int r = xlat_bits_to_darwin(&xlat_open, (flags & (LINUX_O_DIRECTORY | LINUX_O_CLOEXEC)) | LINUX_O_NONBLOCK, out);
		if (!r && (flags & LINUX_O_NOFOLLOW)) *out |= DARWIN_O_SYMLINK;
		return r;
	}
	if ((flags & ACCMODE) == ACCMODE) return -LINUX_EINVAL;
	int r = xlat_bits_to_darwin(&xlat_open, flags & ~(uint64_t)ACCMODE, out);
	if (!r) *out |= flags & ACCMODE;
	return r;
}

uint64_t xlat_open_flags_from_darwin(uint64_t flags)
{
	return xlat_bits_from_darwin(&xlat_open, flags & ~(uint64_t)ACCMODE) | (flags & ACCMODE);
}

int xlat_fcntl_cmd_to_darwin(int cmd)
{
	return to_darwin(fcntl_cmds, COUNT(fcntl_cmds), cmd);
}

/* MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE: Darwin validates anyway. */
#define LINUX_MAP_TYPE 0xf
#define DARWIN_MAP_SHARED 0x1
#define DARWIN_MAP_PRIVATE 0x2

int xlat_mmap_flags_to_darwin(uint64_t flags, uint64_t *out)
{
	uint64_t type = flags & LINUX_MAP_TYPE;
	if (type < 1 || type > 3) return -LINUX_EINVAL;
	int r = xlat_bits_to_darwin(&xlat_mmap, flags & ~(uint64_t)LINUX_MAP_TYPE, out);
	if (!r) *out |= type == 2 ? DARWIN_MAP_PRIVATE : DARWIN_MAP_SHARED;
	return r;
}

#define POLL_ALWAYS (LINUX_POLLERR | LINUX_POLLHUP | LINUX_POLLNVAL)

int xlat_poll_to_darwin(uint16_t events, uint16_t *out)
{
	uint64_t d;
	int r = xlat_bits_to_darwin(&xlat_poll, events, &d);
	if (!r) *out = (uint16_t)d;
	return r;
}

uint16_t xlat_poll_from_darwin(uint16_t revents, uint16_t requested)
{
	return (uint16_t)(xlat_bits_from_darwin(&xlat_poll, revents) & (requested | POLL_ALWAYS));
}

int xlat_clock_to_darwin(int clock)
{
	return to_darwin(clocks, COUNT(clocks), clock);
}

uint64_t xlat_dev_from_darwin(int32_t dev)
{
	uint64_t major = (uint32_t)dev >> 24 & 0xff, minor = (uint32_t)dev & 0xffffff;
	return (major & 0xfff) << 8 | (minor & 0xff) | (minor & ~0xffull) << 12;
}

void xlat_stat_from_darwin(const struct xd_stat *d, struct lx_stat *l)
{
	*l = (struct lx_stat){
		.dev = xlat_dev_from_darwin(d->dev), .ino = d->ino, .nlink = d->nlink,
		/* S_IFMT and the permission bits are the same on both */
		.mode = d->mode, .uid = d->uid, .gid = d->gid,
		.rdev = xlat_dev_from_darwin(d->rdev), .size = d->size, .blksize = d->blksize,
		.blocks = d->blocks,
		.atime = d->atime.sec, .atime_nsec = d->atime.nsec,
		.mtime = d->mtime.sec, .mtime_nsec = d->mtime.nsec,
		.ctime = d->ctime.sec, .ctime_nsec = d->ctime.nsec,
	};
}

void xlat_statx_from_darwin(const struct xd_stat *d, struct lx_statx *l)
{
	*l = (struct lx_statx){
		.mask = LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME,
		.blksize = (uint32_t)d->blksize, .nlink = d->nlink, .uid = d->uid, .gid = d->gid,
		.mode = d->mode, .ino = d->ino, .size = (uint64_t)d->size, .blocks = (uint64_t)d->blocks,
		.atime = { d->atime.sec, (uint32_t)d->atime.nsec, 0 },
		.btime = { d->birthtime.sec, (uint32_t)d->birthtime.nsec, 0 },
		.ctime = { d->ctime.sec, (uint32_t)d->ctime.nsec, 0 },
		.mtime = { d->mtime.sec, (uint32_t)d->mtime.nsec, 0 },
		/* Darwin's dev_t: 8 bits of major, 24 of minor */
		.rdev_major = (uint32_t)d->rdev >> 24 & 0xff, .rdev_minor = (uint32_t)d->rdev & 0xffffff,
		.dev_major = (uint32_t)d->dev >> 24 & 0xff, .dev_minor = (uint32_t)d->dev & 0xffffff,
	};
}

/* The name's offset in each side's record. */
#define XD_NAME 21
#define LX_NAME 19
_Static_assert(__builtin_offsetof(struct xd_dirent, name) == XD_NAME, "Darwin's dirent");
_Static_assert(__builtin_offsetof(struct lx_dirent64, name) == LX_NAME, "Linux's dirent64");

long xlat_dirents_from_darwin(const void *in, size_t len, void *out, size_t cap, size_t *used)
{
	const unsigned char *p = in;
	unsigned char *o = out;
	size_t at = 0, wrote = 0;
	while (at + XD_NAME <= len) {
		struct xd_dirent d;
		__builtin_memcpy(&d, p + at, XD_NAME);
		if (d.reclen < XD_NAME || at + d.reclen > len || XD_NAME + (size_t)d.namlen >= d.reclen) break;
		size_t reclen = (LX_NAME + (size_t)d.namlen + 1 + 7) & ~(size_t)7;
		if (wrote + reclen > cap) break;
		struct lx_dirent64 l = { .ino = d.ino, .off = (int64_t)d.seekoff, .reclen = (uint16_t)reclen,
		                         /* DT_* values are the same on both */
		                         .type = d.type };
		__builtin_memcpy(o + wrote, &l, LX_NAME);
		__builtin_memcpy(o + wrote + LX_NAME, p + at + XD_NAME, d.namlen);
		__builtin_memset(o + wrote + LX_NAME + d.namlen, 0, reclen - LX_NAME - d.namlen);
		wrote += reclen;
		at += d.reclen;
	}
	*used = at;
	return at || !len ? (long)wrote : -LINUX_EINVAL;
}

#define LX_SOCKADDR_IN 16
#define LX_SOCKADDR_IN6 28
#define LX_SUN_PATH 108

long xlat_sockaddr_to_darwin(const void *addr, size_t len, void *out, size_t cap)
{
	uint16_t family;
	if (len < 2) return -LINUX_EINVAL;
	__builtin_memcpy(&family, addr, 2);
	const unsigned char *a = addr;
	if (family == LINUX_AF_UNIX) {
		size_t path = len - 2;
		if (path > XD_SUN_PATH_MAX || cap < 2 + path) return -LINUX_EINVAL;
		struct xd_sockaddr_un *u = out;
		u->len = (uint8_t)(2 + path);
		u->family = 1;
		__builtin_memcpy(u->path, a + 2, path);
		return (long)(2 + path);
	}
	if (family == LINUX_AF_INET) {
		if (len < LX_SOCKADDR_IN || cap < sizeof(struct xd_sockaddr_in)) return -LINUX_EINVAL;
		struct xd_sockaddr_in *s = out;
		*s = (struct xd_sockaddr_in){ .len = sizeof *s, .family = 2 };
		__builtin_memcpy(&s->port, a + 2, 2);
		__builtin_memcpy(&s->addr, a + 4, 4);
		return sizeof *s;
	}
	if (family == LINUX_AF_INET6) {
		if (len < LX_SOCKADDR_IN6 || cap < sizeof(struct xd_sockaddr_in6)) return -LINUX_EINVAL;
		struct xd_sockaddr_in6 *s = out;
		__builtin_memcpy(s, a, sizeof *s); /* the same from the port on */
		s->len = sizeof *s;
		s->family = (uint8_t)to_darwin(families, COUNT(families), LINUX_AF_INET6);
		return sizeof *s;
	}
	return -LINUX_EAFNOSUPPORT;
}

long xlat_sockaddr_from_darwin(const void *addr, size_t len, void *out, size_t cap)
{
	if (len < 2) return -LINUX_EINVAL;
	const unsigned char *a = addr;
	int family = from_darwin(families, COUNT(families), a[1]);
	unsigned char *o = out;
	uint16_t lf = (uint16_t)family;
	size_t n;
	if (family == LINUX_AF_UNIX) n = 2 + (len - 2 < LX_SUN_PATH ? len - 2 : LX_SUN_PATH);
	else if (family == LINUX_AF_INET && len >= sizeof(struct xd_sockaddr_in)) n = LX_SOCKADDR_IN;
	else if (family == LINUX_AF_INET6 && len >= sizeof(struct xd_sockaddr_in6)) n = LX_SOCKADDR_IN6;
	else return family == XLAT_NONE ? -LINUX_EAFNOSUPPORT : -LINUX_EINVAL;
	if (cap < n) return -LINUX_EINVAL;
	__builtin_memcpy(o, &lf, 2);
	__builtin_memcpy(o + 2, a + 2, n - 2);
	if (family == LINUX_AF_INET) __builtin_memset(o + 8, 0, 8);
	return (long)n;
}

int xlat_termios_to_darwin(const struct lx_termios *l, struct xd_termios *d)
{
	uint64_t i, o, c, f;
	int speed = to_darwin(speeds, COUNT(speeds), (int)(l->cflag & LX_CBAUD));
	if (speed == XLAT_NONE) return -LINUX_EINVAL;
	/* Output delays are dropped: no terminal here keeps them. */
	int r = xlat_bits_to_darwin(&xlat_termios_iflag, l->iflag, &i);
	if (!r) r = xlat_bits_to_darwin(&xlat_termios_oflag, l->oflag & 0377, &o);
	if (!r) r = xlat_bits_to_darwin(&xlat_termios_cflag, l->cflag & ~(uint64_t)LX_CBAUD, &c);
	if (!r) r = xlat_bits_to_darwin(&xlat_termios_lflag, l->lflag, &f);
	if (r) return r;
	*d = (struct xd_termios){ .iflag = i, .oflag = o, .cflag = c, .lflag = f,
	                          .ispeed = (unsigned long)speed, .ospeed = (unsigned long)speed };
	for (int k = 0; k < COUNT(ccs); k++)
		if (ccs[k].darwin_value != XLAT_NONE) d->cc[ccs[k].darwin_value] = l->cc[ccs[k].linux_value];
	return 0;
}

void xlat_termios_from_darwin(const struct xd_termios *d, struct lx_termios *l)
{
	int speed = from_darwin(speeds, COUNT(speeds), (int)d->ospeed);
	*l = (struct lx_termios){
		.iflag = (uint32_t)xlat_bits_from_darwin(&xlat_termios_iflag, d->iflag),
		.oflag = (uint32_t)xlat_bits_from_darwin(&xlat_termios_oflag, d->oflag),
		/* a rate Linux has no code for shows as B38400, as Linux's own custom rates do */
		.cflag = (uint32_t)xlat_bits_from_darwin(&xlat_termios_cflag, d->cflag) |
		         (uint32_t)(speed == XLAT_NONE ? 017 : speed),
		.lflag = (uint32_t)xlat_bits_from_darwin(&xlat_termios_lflag, d->lflag),
	};
	for (int k = 0; k < COUNT(ccs); k++)
		if (ccs[k].darwin_value != XLAT_NONE) l->cc[ccs[k].linux_value] = d->cc[ccs[k].darwin_value];
}

int xlat_futex(int op, uint32_t val, const struct lx_timespec64 *timeout, uint32_t val3, int64_t monotonic_now_ns,
               int64_t realtime_now_ns, struct xlat_futex *out)
{
	int cmd = op & ~(LX_FUTEX_PRIVATE_FLAG | LX_FUTEX_CLOCK_REALTIME);
	int bitset = cmd == LX_FUTEX_WAIT_BITSET || cmd == LX_FUTEX_WAKE_BITSET;
	if (cmd != LX_FUTEX_WAIT && cmd != LX_FUTEX_WAKE && !bitset) return -LINUX_ENOSYS;
	if ((op & LX_FUTEX_CLOCK_REALTIME) && cmd != LX_FUTEX_WAIT && cmd != LX_FUTEX_WAIT_BITSET) return -LINUX_ENOSYS;
	if (bitset && !val3) return -LINUX_EINVAL;
	if (bitset && val3 != LX_FUTEX_BITSET_MATCH_ANY) return -LINUX_ENOSYS;
	*out = (struct xlat_futex){ .wake = cmd == LX_FUTEX_WAKE || cmd == LX_FUTEX_WAKE_BITSET, .count = val, .timeout_ns = -1 };
	if (out->wake || !timeout) return 0;
	if (timeout->sec < 0 || timeout->nsec < 0 || timeout->nsec >= 1000000000) return -LINUX_EINVAL;
	int64_t ns = timeout->sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX : timeout->sec * 1000000000 + timeout->nsec;
	if (cmd == LX_FUTEX_WAIT_BITSET) {
		int64_t now = op & LX_FUTEX_CLOCK_REALTIME ? realtime_now_ns : monotonic_now_ns;
		ns = ns <= now ? 0 : ns - now;
	}
	out->timeout_ns = ns;
	return 0;
}

#define LINUX_PTS "/dev/pts/"
#define DARWIN_PTS "/dev/ttys"

/* The decimal number that is all of s, or -1 (none, another character,
 * a leading zero, or more than fits). */
static long whole_number(const char *s, int zeros)
{
	long n = 0;
	int digits = 0;
	for (; *s; s++, digits++) {
		if (*s < '0' || *s > '9' || n > 99999999) return -1;
		if (!zeros && digits == 1 && n == 0) return -1;
		n = n * 10 + (*s - '0');
	}
	return digits ? n : -1;
}

int xlat_pts_path_to_darwin(const char *path, char *out, size_t size)
{
	for (size_t i = 0; i < sizeof LINUX_PTS - 1; i++)
		if (path[i] != LINUX_PTS[i]) return 0;
	long n = whole_number(path + sizeof LINUX_PTS - 1, 0);
	if (n < 0) return 0;
	char digits[12];
	int len = 0;
	for (long v = n; len < 3 || v; v /= 10) digits[len++] = (char)('0' + v % 10);
	if (size < sizeof DARWIN_PTS + (size_t)len) return 0;
	size_t at = 0;
	for (; at < sizeof DARWIN_PTS - 1; at++) out[at] = DARWIN_PTS[at];
	while (len) out[at++] = digits[--len];
	out[at] = 0;
	return 1;
}

long xlat_pts_number_from_darwin(const char *name)
{
	for (size_t i = 0; i < sizeof DARWIN_PTS - 1; i++)
		if (name[i] != DARWIN_PTS[i]) return -1;
	return whole_number(name + sizeof DARWIN_PTS - 1, 1);
}

#define LINUX_FD_DIR "/proc/self/fd/"

int xlat_fd_path(const char *path, int *fd, const char **name)
{
	for (size_t i = 0; i < sizeof LINUX_FD_DIR - 1; i++)
		if (path[i] != LINUX_FD_DIR[i]) return 0;
	const char *p = path + sizeof LINUX_FD_DIR - 1;
	long n = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if ((digits == 1 && n == 0) || n > 99999999) return 0;
		n = n * 10 + (*p - '0');
	}
	if (!digits || (*p && (*p != '/' || !p[1]))) return 0;
	*fd = (int)n;
	*name = *p ? p + 1 : p;
	return 1;
}
