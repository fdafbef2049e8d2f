/* The structures the Darwin host layer converts, both sides written out so
 * the conversions build anywhere: Linux's as the guest sees them (per
 * architecture), Darwin's as the macOS headers lay them out (64-bit inode
 * ABI, the only one on arm64 and the default on x86-64). Checked by
 * _Static_assert against each side's headers (xlat_checks_*.c). */
#ifndef XLAT_LAYOUT_H
#define XLAT_LAYOUT_H

#include <stdint.h>
#include "xlat_abi.h"

/* Linux: struct stat (asm/stat.h; asm-generic/stat.h on aarch64) */
struct lx_stat {
#if XLAT_LINUX_AARCH64
	uint64_t dev, ino;
	uint32_t mode, nlink;
	uint32_t uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
#else
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
#endif
	int64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
#if XLAT_LINUX_AARCH64
	uint32_t unused[2];
#else
	int64_t unused[3];
#endif
};

/* Linux: struct linux_dirent64, d_name following (records 8-byte aligned) */
struct lx_dirent64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/* Linux: struct termios as the terminal ioctls (TCGETS, TCSETS*) take it */
#define LX_NCCS 19
/* Linux: struct statx (linux/stat.h) */
struct lx_statx_timestamp {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};
struct lx_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct lx_statx_timestamp atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

/* Linux: struct open_how (linux/openat2.h), openat2's */
struct lx_open_how {
	uint64_t flags, mode, resolve;
};

struct lx_termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line;
	uint8_t cc[LX_NCCS];
};
#define LX_CBAUD 010017
#define LX_CSIZE 060

/* Linux: sockaddr_in6 and sockaddr_un (sockaddr_in: linux_abi.h's sizes) */
struct lx_sockaddr_in6 {
	uint16_t family, port;
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};

/* Darwin: struct stat with 64-bit inodes (sys/stat.h) */
struct xd_timespec {
	int64_t sec, nsec;
};
struct xd_stat {
	int32_t dev;
	uint16_t mode, nlink;
	uint64_t ino;
	uint32_t uid, gid;
	int32_t rdev;
	struct xd_timespec atime, mtime, ctime, birthtime;
	int64_t size, blocks;
	int32_t blksize;
	uint32_t flags, gen;
	int32_t lspare;
	int64_t qspare[2];
};

/* Darwin: struct dirent with 64-bit inodes (sys/dirent.h), as
 * getdirentries64 returns them: d_name, d_namlen bytes and a NUL */
struct xd_dirent {
	uint64_t ino, seekoff;
	uint16_t reclen, namlen;
	uint8_t type;
	char name[1024];
};

/* Darwin: struct termios (sys/termios.h): tcflag_t and speed_t are longs */
#define XD_NCCS 20
struct xd_termios {
	unsigned long iflag, oflag, cflag, lflag;
	uint8_t cc[XD_NCCS];
	unsigned long ispeed, ospeed;
};

/* Resource use (sys/resource.h; asm-generic/resource.h): two times, then
 * fourteen counts. Darwin's microseconds are an int with padding after,
 * and its maxrss is in bytes where Linux's is in kilobytes. */
struct xd_timeval {
	int64_t sec;
	int32_t usec;
};
struct xd_rusage {
	struct xd_timeval utime, stime;
	int64_t maxrss, counts[13];
};
struct lx_timeval {
	int64_t sec, usec;
};
struct lx_rusage {
	struct lx_timeval utime, stime;
	int64_t maxrss, counts[13];
};

/* Darwin: socket addresses start with their length (sys/socket.h, netinet/in.h, sys/un.h) */
struct xd_sockaddr_in {
	uint8_t len, family;
	uint16_t port;
	uint32_t addr;
	uint8_t zero[8];
};
struct xd_sockaddr_in6 {
	uint8_t len, family;
	uint16_t port;
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};
#define XD_SUN_PATH_MAX 104
struct xd_sockaddr_un {
	uint8_t len, family;
	char path[XD_SUN_PATH_MAX];
};

/* Linux: siginfo_t (asm-generic/siginfo.h), the fields a signal from the
 * host carries: who sent it (kill, sigqueue), which child (SIGCHLD) or
 * where it faulted. 128 bytes. */
struct lx_siginfo {
	int32_t signo, errno_, code, pad0;
	union {
		uint64_t addr; /* a fault's */
		struct {
			int32_t pid;
			uint32_t uid;
			union {
				int32_t status; /* SIGCHLD's */
				uint64_t value; /* sigqueue's */
			};
		} from;
	};
	uint8_t rest[96];
};

/* Linux arm64: struct sigcontext (asm/sigcontext.h), as a signal frame's
 * ucontext holds it, and the records in its __reserved area: FP/SIMD
 * first, then the end (a zero record). */
#define LX_A64_FPSIMD_MAGIC 0x46508001u
struct lx_a64_fpsimd {
	uint32_t magic, size;
	uint32_t fpsr, fpcr;
	unsigned __int128 vregs[32];
};
struct lx_a64_sigcontext {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp, pc, pstate;
	_Alignas(16) uint8_t reserved[4096];
};
/* arm64's MINSIGSTKSZ (asm/signal.h): a frame takes 4704 bytes */
#define LX_A64_MINSIGSTKSZ 5120
/* pstate's flags a handler may change (NZCV); the rest stays the host's */
#define LX_A64_PSTATE_NZCV 0xf0000000u
/* Linux: arm64's struct ucontext (asm/ucontext.h); its stack_t is
 * lamina/linux_abi.h's struct lx_stack */
struct lx_a64_ucontext {
	uint64_t flags, link;
	struct { uint64_t sp; int32_t flags, pad; uint64_t size; } stack;
	uint64_t sigmask;
	uint8_t unused[120];
	struct lx_a64_sigcontext mcontext;
};

/* Darwin: siginfo_t (sys/signal.h) */
struct xd_siginfo {
	int32_t signo, errno_, code, pid;
	uint32_t uid;
	int32_t status;
	uint64_t addr;
	uint64_t value;
	int64_t band;
	uint64_t pad[7];
};

/* Darwin arm64: struct __darwin_mcontext64 (mach/arm/_structs.h), what a
 * signal handler's ucontext points at: the exception, the general
 * registers, the FP/SIMD registers. */
struct xd_arm_mcontext {
	uint64_t far;
	uint32_t esr, exception;
	uint64_t x[29], fp, lr, sp, pc;
	uint32_t cpsr, pad;
	unsigned __int128 v[32];
	uint32_t fpsr, fpcr;
};

#endif
