/* aarch64's differences from the channel's ABI (guest_abi.h): pure
 * functions over the two layouts, each checked against the uapi headers of
 * its build. */
#if defined(__aarch64__)
#include <stdint.h>
#include <stddef.h>
#include <asm/fcntl.h>
#include <asm/stat.h>
#include <lamina/linux_abi.h>
#include "guest_abi.h"
#include "guest_access.h"
#include "util.h"

_Static_assert(O_DIRECTORY == 040000 && O_NOFOLLOW == 0100000 && O_DIRECT == 0200000 && O_LARGEFILE == 0400000,
               "aarch64's open flags");

long guest_open_flags(long flags)
{
	static const struct { long guest, channel; } moved[] = {
		{ O_DIRECTORY, LX_O_DIRECTORY }, { O_NOFOLLOW, LX_O_NOFOLLOW },
		{ O_DIRECT, LX_O_DIRECT }, { O_LARGEFILE, LX_O_LARGEFILE },
	};
	long out = flags;
	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++) out &= ~moved[i].guest;
	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
		if (flags & moved[i].guest) out |= moved[i].channel;
	return out;
}

/* x86-64's struct stat, the channel's (asm/stat.h there; LX_STAT_SIZE). */
struct channel_stat {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	uint64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct channel_stat) == LX_STAT_SIZE && offsetof(struct channel_stat, uid) == LX_STAT_UID &&
               offsetof(struct channel_stat, gid) == LX_STAT_GID, "the channel's struct stat");
_Static_assert(sizeof(struct stat) == GUEST_STAT_SIZE, "aarch64's struct stat");

long guest_stat(void *guest, const void *channel)
{
	struct channel_stat c;
	memcpy(&c, channel, sizeof c);
	struct stat g = {
		.st_dev = c.dev, .st_ino = c.ino, .st_mode = c.mode, .st_nlink = (unsigned)c.nlink,
		.st_uid = c.uid, .st_gid = c.gid, .st_rdev = c.rdev, .st_size = c.size,
		.st_blksize = (int)c.blksize, .st_blocks = c.blocks,
		.st_atime = (long)c.atime, .st_atime_nsec = c.atime_nsec,
		.st_mtime = (long)c.mtime, .st_mtime_nsec = c.mtime_nsec,
		.st_ctime = (long)c.ctime, .st_ctime_nsec = c.ctime_nsec,
	};
	return guest_copy(guest, &g, sizeof g);
}
#endif
