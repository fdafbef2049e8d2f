/* Calls relative to directory descriptors, printing what each gives, for a
 * comparison with Linux: a directory renamed or removed after it was
 * opened, fchdir into a renamed one, /proc/self/fd/N and /proc/self/cwd as
 * directories, and `..` from them, which must stay in the container.
 *   dirfds SCRATCH_DIR [VOLUME_DIR]
 * SCRATCH_DIR is made and used; VOLUME_DIR, when given, is a directory bound
 * into the container (`lamina run -v`) whose parent is the container root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[4096];

static void show(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}

/* The first line of a file, or the error opening it. */
static void first_line(const char *what, int dirfd, const char *path)
{
	int fd = openat(dirfd, path, O_RDONLY);
	if (fd < 0) {
		show(what, -1);
		return;
	}
	long n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("%s: %s\n", what, buf);
}

static void write_file(int dirfd, const char *name, const char *text)
{
	int fd = openat(dirfd, name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	show("  create", fd);
	if (fd >= 0) {
		show("  write", write(fd, text, strlen(text)));
		close(fd);
	}
}

static int open_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) printf("open %s: %s\n", path, strerror(errno));
	return fd;
}

static void at(const char *dir, const char *name, char *out)
{
	snprintf(out, 512, "%.400s/%s", dir, name);
}

/* A directory made in parent, opened, renamed, then written in through
 * its descriptor: the descriptor. */
static int renamed_dir(const char *parent, const char *from, const char *to, const char *text)
{
	char a[512], b[512];
	at(parent, from, a);
	at(parent, to, b);
	mkdir(a, 0755);
	int d = open_dir(a);
	show("  rename", rename(a, b));
	write_file(d, "file", text);
	at(b, "file", a);
	first_line("  by the new name", AT_FDCWD, a);
	return d;
}

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	const char *s = argv[1];
	char a[512], b[512], c[512];
	struct stat st;
	mkdir(s, 0755);

	puts("renamed directory:");
	at(s, "new", b);
	int d = renamed_dir(s, "old", "new", "written through the old dirfd\n");
	show("  mkdirat", mkdirat(d, "sub", 0755));
	show("  fstatat", fstatat(d, "file", &st, 0));
	first_line("  openat", d, "file");
	show("  fstatat ..", fstatat(d, "../new/sub", &st, 0));

	puts("fchdir into a renamed directory:");
	at(b, "sub", a);
	at(b, "sub2", c);
	int sub = open_dir(a);
	show("  rename", rename(a, c));
	show("  fchdir", fchdir(sub));
	write_file(AT_FDCWD, "here", "relative to the new cwd\n");
	at(c, "here", a);
	first_line("  by its full name", AT_FDCWD, a);
	printf("  getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : strerror(errno));
	chdir("/");

	puts("removed directory:");
	/* the name the host gives a removed directory's descriptor */
	at(s, "gone (deleted)", a);
	mkdir(a, 0755);
	at(s, "gone", a);
	mkdir(a, 0755);
	int g = open_dir(a);
	show("  rmdir", rmdir(a));
	show("  openat O_CREAT", openat(g, "x", O_CREAT | O_WRONLY, 0644));
	show("  mkdirat", mkdirat(g, "y", 0755));
	show("  fstatat", fstatat(g, "z", &st, 0));
	show("  fstat", fstat(g, &st));

	puts("magic links as directories:");
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d/file", d);
	first_line("  /proc/self/fd/N/file", AT_FDCWD, link);
	chdir(b);
	first_line("  /proc/self/cwd/file", AT_FDCWD, "/proc/self/cwd/file");
	chdir("/");
	snprintf(link, sizeof link, "/proc/self/fd/%d/../../../../../../etc/os-release", d);
	first_line("  /proc/self/fd/N/../../../../../../etc/os-release", AT_FDCWD, link);
	snprintf(link, sizeof link, "/proc/self/fd/%d/file/x", d);
	first_line("  /proc/self/fd/N/file/x", AT_FDCWD, link);
	snprintf(link, sizeof link, "/proc/self/fd/%d/x", 1);
	first_line("  /proc/self/fd/1/x", AT_FDCWD, link);
	first_line("  openat(dirfd, ../../../../../../etc/os-release)", d, "../../../../../../etc/os-release");
	first_line("  openat(dirfd, /etc/os-release)", d, "/etc/os-release");
	first_line("  openat(bad fd, /etc/os-release)", 500, "/etc/os-release");
	show("  openat(bad fd, relative)", openat(500, "x", O_RDONLY));
	int f = openat(d, "file", O_RDONLY);
	show("  openat(file fd, x)", openat(f, "x", O_RDONLY));

	if (argc > 2) {
		const char *v = argv[2];
		puts("volume:");
		int vd = renamed_dir(v, "vold", "vnew", "in the volume\n");
		first_line("  openat(dirfd, ../../etc/os-release)", vd, "../../etc/os-release");
		first_line("  openat(dirfd, ../../../../../../etc/os-release)", vd, "../../../../../../etc/os-release");
		int top = open_dir(v);
		first_line("  openat(volume, ../etc/os-release)", top, "../etc/os-release");
		snprintf(link, sizeof link, "/proc/self/fd/%d/../etc/os-release", top);
		first_line("  /proc/self/fd/V/../etc/os-release", AT_FDCWD, link);
		show("  fchdir", fchdir(vd));
		printf("  getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : strerror(errno));
		first_line("  ../../etc/os-release from there", AT_FDCWD, "../../etc/os-release");
	}
	return 0;
}
