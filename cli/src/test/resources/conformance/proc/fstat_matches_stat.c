/* A /proc file opened is the file stat names: fstat (and fstatat and statx
 * with AT_EMPTY_PATH) of it shows the device, inode, type and owner stat of
 * its path shows, and the inode stays from one stat to the next (cp and tar
 * compare them: "replaced while being copied" otherwise), so does stat
 * through its /proc/self/fd link, which reads as its path, and its mode
 * cannot be changed. Linux's /proc
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
	char buf[256], link[64], want[64];
	snprintf(l, sizeof l, "%s: read", label);
	yes(l, read(fd, buf, sizeof buf) > 0);
	/* through its /proc/self/fd link: the same file, named by its path */
	struct stat linked;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	snprintf(l, sizeof l, "%s: stat of its fd link the same file", label);
	yes(l, !stat(link, &linked) && linked.st_dev == named.st_dev && linked.st_ino == named.st_ino &&
	           linked.st_mode == named.st_mode && linked.st_size == opened.st_size);
	if (!strncmp(path, "/proc/self/", 11)) snprintf(want, sizeof want, "/proc/%d/%s", getpid(), path + 11);
	else snprintf(want, sizeof want, "%s", path);
	ssize_t n = readlink(link, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(l, sizeof l, "%s: its fd link reads as its path", label);
	yes(l, !strcmp(buf, want));
	close(fd);
}

int main(void)
{
	compare("status", "/proc/self/status");
	compare("mounts", "/proc/self/mounts");
	compare("hostname", "/proc/sys/kernel/hostname");
	compare("cpuinfo", "/proc/cpuinfo");
	/* its mode is procfs's to keep */
	int fd = must("open", open("/proc/self/status", O_RDONLY));
	check("fchmod of status", fchmod(fd, 0644));
	return 0;
}
