/* A file the kernel generates (most of /proc's, some of /sys's) opens as a
 * memfd of the kernel's, marked by its mode and named for what stat of its
 * path shows (channel.h's LAMINA_GENERATED_MEMFD). fstat of it, answered
 * here by the host, shows the same: cp and tar compare the two to know that
 * the file they opened is the one they named ("replaced while being
 * copied" otherwise), and Linux's /proc files report a size of 0. */
#include <asm/errno.h>
#include <linux/stat.h>
#include <stdint.h>
#include "dispatch.h"
#include "guest_access.h"
#include "host_syscall.h"
#include "state.h"
#include "util.h"

/* The memfd's name's numbers: st_dev, st_ino, uid, gid (the file's path
 * follows); 0 when fd is no generated file's. */
static int generated_fields(long fd, uint64_t v[4])
{
	static const char prefix[] = "/memfd:" LAMINA_GENERATED_MEMFD;
	char path[FD_PATH_MAX], name[128];
	fd_path(path, "/proc/self/fd/", (int)fd); /* the number the host's fstat took */
	long n = host_syscall4(__NR_readlinkat, LX_AT_FDCWD, path, name, sizeof name - 1);
	if (n < (long)sizeof prefix - 1 || memcmp(name, prefix, sizeof prefix - 1)) return 0;
	name[n] = 0;
	const char *p = name + sizeof prefix - 1;
	for (int i = 0; i < 4; i++) {
		const char *digits = p;
		v[i] = 0;
		while (*p >= '0' && *p <= '9') v[i] = v[i] * 10 + (uint64_t)(*p++ - '0');
		if (p == digits || *p++ != ':') return 0; /* then the path and " (deleted)" */
	}
	return 1;
}

static int marked(uint32_t mode) { return (mode & (S_IFMT | 07777)) == (S_IFREG | LAMINA_GENERATED_MODE); }

static void put(void *at, uint64_t v, size_t n) { guest_copy(at, &v, n); }

long generated_stat(long r, long fd, unsigned char *st)
{
	uint32_t mode;
	uint64_t v[4];
	if (r || guest_copy(&mode, st + GUEST_STAT_MODE, sizeof mode) || !marked(mode) || !generated_fields(fd, v)) return r;
	put(st + GUEST_STAT_DEV, v[0], 8);
	put(st + GUEST_STAT_INO, v[1], 8);
	put(st + GUEST_STAT_MODE, S_IFREG | 0444, 4);
	put(st + GUEST_STAT_NLINK, 1, GUEST_STAT_NLINK_BYTES);
	put(st + GUEST_STAT_UID, v[2], 4);
	put(st + GUEST_STAT_GID, v[3], 4);
	put(st + GUEST_STAT_BYTES, 0, 8);
	put(st + GUEST_STAT_BLOCKS, 0, 8);
	return 0;
}

long generated_statx(long r, long fd, unsigned char *stx)
{
	uint16_t mode;
	uint64_t v[4];
	if (r || guest_copy(&mode, stx + LX_STATX_MODE, sizeof mode) || !marked(mode) || !generated_fields(fd, v)) return r;
	put(stx + LX_STATX_DEV_MAJOR, LX_DEV_MAJOR(v[0]), 4);
	put(stx + LX_STATX_DEV_MINOR, LX_DEV_MINOR(v[0]), 4);
	put(stx + LX_STATX_INO, v[1], 8);
	put(stx + LX_STATX_MODE, S_IFREG | 0444, 2);
	put(stx + LX_STATX_NLINK, 1, 4);
	put(stx + LX_STATX_UID, v[2], 4);
	put(stx + LX_STATX_GID, v[3], 4);
	put(stx + LX_STATX_BYTES, 0, 8);
	put(stx + LX_STATX_BLOCKS, 0, 8);
	return 0;
}
