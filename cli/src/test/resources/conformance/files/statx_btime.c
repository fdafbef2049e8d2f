/* statx's birth time: a file's is known (the file system keeps one), no later than its change
 * time and the same by name, by descriptor and through a link not followed; /proc's files have
 * none. (GNU stat prints it as "Birth:".) musl before 1.2.5 has no statx(): the call is made
 * raw, and struct statx read by its fields' offsets. */
#include "../conf.h"
#define BASIC 0x7ffu
#define BTIME 0x800u

struct times { int64_t btime, bnsec, ctime, cnsec; };

static struct { uint32_t mask; uint16_t mode; uint64_t ino; struct times t; } got;

static int birth(int dirfd, const char *path, int flags)
{
	unsigned char sx[256] = {0};
	int r = (int)syscall(SYS_statx, dirfd, path, flags, BASIC | BTIME, sx);
	uint32_t sec_nsec[2];
	memcpy(&got.mask, sx, 4);
	memcpy(&got.mode, sx + 28, 2);
	memcpy(&got.ino, sx + 32, 8);
	memcpy(&got.t.btime, sx + 80, 8);
	memcpy(sec_nsec, sx + 88, 4);
	got.t.bnsec = sec_nsec[0];
	memcpy(&got.t.ctime, sx + 96, 8);
	memcpy(sec_nsec, sx + 104, 4);
	got.t.cnsec = sec_nsec[0];
	return r;
}

int main(void)
{
	put("/tmp/statx_btime", "x");
	check("statx", birth(AT_FDCWD, "/tmp/statx_btime", 0));
	struct times a = got.t;
	uint64_t ino = got.ino;
	yes("birth known", (got.mask & BTIME) != 0);
	yes("born before its change", a.btime < a.ctime || (a.btime == a.ctime && a.bnsec <= a.cnsec));
	int fd = open("/tmp/statx_btime", O_RDONLY);
	check("statx by descriptor", birth(fd, "", AT_EMPTY_PATH));
	yes("the same birth", (got.mask & BTIME) && got.t.btime == a.btime && got.t.bnsec == a.bnsec);
	check("symlink", symlink("/tmp/statx_btime", "/tmp/statx_btime.l"));
	check("statx of the link", birth(AT_FDCWD, "/tmp/statx_btime.l", AT_SYMLINK_NOFOLLOW));
	yes("the link's own", (got.mask & BTIME) && S_ISLNK(got.mode) && got.ino != ino);
	check("statx of /proc/self/status", birth(AT_FDCWD, "/proc/self/status", 0));
	yes("/proc's has one", (got.mask & BTIME) != 0);
	unlink("/tmp/statx_btime.l");
	unlink("/tmp/statx_btime");
	return 0;
}
