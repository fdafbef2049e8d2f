/* A /proc file opened is the file stat names: fstat (and fstatat and statx
 * with AT_EMPTY_PATH) of it shows the device, inode, type and owner stat of
 * its path shows, and the inode stays from one stat to the next (cp and tar
 * compare them: "replaced while being copied" otherwise). Linux's /proc
 * files report a size of 0, and read in full all the same. musl before
 * 1.2.5 has no statx(): the call is made raw, struct statx read by its
 * fields' offsets. */
#include "../conf.h"

/* statx's device, inode, mode and owner of fd, by AT_EMPTY_PATH. */
struct statx_seen { uint32_t major, minor, uid; uint16_t mode; uint64_t ino; };

static int statx_of(int fd, struct statx_seen *x)
{
	unsigned char sx[256] = {0};
	int r = (int)syscall(SYS_statx, fd, "", AT_EMPTY_PATH, 0x7ffu, sx);
	memcpy(&x->uid, sx + 20, 4);
	memcpy(&x->mode, sx + 28, 2);
	memcpy(&x->ino, sx + 32, 8);
	memcpy(&x->major, sx + 136, 4);
	memcpy(&x->minor, sx + 140, 4);
	return r;
}

static void compare(const char *label, const char *path)
{
	struct stat named, again, opened, at;
	struct statx_seen x;
	char l[64];
	int fd = open(path, O_RDONLY);
	if (fd < 0 || stat(path, &named) || fstat(fd, &opened) || fstatat(fd, "", &at, AT_EMPTY_PATH) ||
	    statx_of(fd, &x) || stat(path, &again)) {
		printf("%s: %s\n", label, errname(errno));
		return;
	}
	snprintf(l, sizeof l, "%s: the same inode twice", label);
	yes(l, named.st_dev == again.st_dev && named.st_ino == again.st_ino);
	snprintf(l, sizeof l, "%s: fstat the same file", label);
	yes(l, named.st_dev == opened.st_dev && named.st_ino == opened.st_ino);
	snprintf(l, sizeof l, "%s: fstatat the same file", label);
	yes(l, named.st_dev == at.st_dev && named.st_ino == at.st_ino);
	snprintf(l, sizeof l, "%s: statx the same file", label);
	yes(l, makedev(x.major, x.minor) == named.st_dev && x.ino == named.st_ino);
	snprintf(l, sizeof l, "%s: fstat's mode and owner", label);
	yes(l, opened.st_mode == named.st_mode && opened.st_uid == named.st_uid && opened.st_gid == named.st_gid &&
	           x.mode == named.st_mode && x.uid == named.st_uid);
	snprintf(l, sizeof l, "%s: fstat's size", label);
	value(l, opened.st_size);
	char buf[256];
	snprintf(l, sizeof l, "%s: read", label);
	yes(l, read(fd, buf, sizeof buf) > 0);
	close(fd);
}

int main(void)
{
	compare("status", "/proc/self/status");
	compare("mounts", "/proc/self/mounts");
	compare("hostname", "/proc/sys/kernel/hostname");
	compare("cpuinfo", "/proc/cpuinfo");
	return 0;
}
