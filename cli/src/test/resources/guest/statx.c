/* statx(2) against stat(2) on the same files: what each field says, and the
 * refusals Linux gives. musl 1.2.3 (Debian's musl-gcc) has no statx, so
 * the call is raw and the struct is linux/stat.h's. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ts { int64_t sec; uint32_t nsec; int32_t spare; };
struct sx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
_Static_assert(sizeof(struct sx) == 256, "struct statx");

#define BASIC 0x7ffu

static long sx(int dirfd, const char *path, int flags, unsigned mask, struct sx *out)
{
	memset(out, 0xa5, sizeof *out);
	return syscall(332, dirfd, path, flags, mask, out);
}

/* The fields of one statx, each compared with the stat of the same file. */
static void show(const char *what, const struct sx *x, const struct stat *st)
{
	printf("%s: basic=%d mode=%o size=%s uid=%u gid=%u ino=%s nlink=%s mtime=%s ctime=%s blocks=%s dev=%s rdev=%s\n",
	       what, (x->mask & BASIC) == BASIC, x->mode, x->size == (uint64_t)st->st_size ? "same" : "differs",
	       x->uid, x->gid, x->ino == st->st_ino ? "same" : "differs", x->nlink == st->st_nlink ? "same" : "differs",
	       x->mtime.sec == st->st_mtim.tv_sec && x->mtime.nsec == st->st_mtim.tv_nsec ? "same" : "differs",
	       x->ctime.sec == st->st_ctim.tv_sec ? "same" : "differs",
	       x->blocks == (uint64_t)st->st_blocks ? "same" : "differs",
	       makedev(x->dev_major, x->dev_minor) == st->st_dev ? "same" : "differs",
	       makedev(x->rdev_major, x->rdev_minor) == st->st_rdev ? "same" : "differs");
}

static void refused(const char *what, long r)
{
	printf("%s: %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char file[256], link[256];
	snprintf(file, sizeof file, "%s/statx-file", dir);
	snprintf(link, sizeof link, "%s/statx-link", dir);
	int fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0640);
	if (fd < 0 || write(fd, "twelve bytes", 12) != 12) return 1;
	fchmod(fd, 0640);
	symlink("statx-file", link);

	struct sx x;
	struct stat st;
	stat(file, &st);
	printf("file: %ld\n", sx(AT_FDCWD, file, 0, BASIC, &x));
	show("file", &x, &st);
	lstat(link, &st);
	printf("link, not followed: %ld\n", sx(AT_FDCWD, link, AT_SYMLINK_NOFOLLOW, BASIC, &x));
	show("link", &x, &st);
	stat(link, &st);
	sx(AT_FDCWD, link, 0, BASIC, &x);
	show("link followed", &x, &st);
	fstat(fd, &st);
	printf("descriptor: %ld\n", sx(fd, "", AT_EMPTY_PATH, BASIC, &x));
	show("descriptor", &x, &st);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	stat(file, &st);
	sx(dfd, "statx-file", 0, BASIC, &x);
	show("relative to a directory", &x, &st);
	stat("/etc/passwd", &st);
	sx(AT_FDCWD, "/etc/passwd", 0, BASIC, &x);
	show("/etc/passwd", &x, &st);
	stat("/dev/null", &st);
	sx(AT_FDCWD, "/dev/null", 0, BASIC, &x);
	show("/dev/null", &x, &st);

	refused("missing", sx(AT_FDCWD, "/no/such", 0, BASIC, &x));
	refused("both sync flags", sx(AT_FDCWD, file, 0x6000, BASIC, &x));
	refused("reserved mask bit", sx(AT_FDCWD, file, 0, 0x80000000u, &x));
	refused("empty path without AT_EMPTY_PATH", sx(fd, "", 0, BASIC, &x));
	refused("bad descriptor", sx(999, "", AT_EMPTY_PATH, BASIC, &x));
	unlink(link);
	unlink(file);
	return 0;
}
