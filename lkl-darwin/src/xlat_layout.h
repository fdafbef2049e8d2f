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

#endif
