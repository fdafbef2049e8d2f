/* A hostile guest: opens a file of the image read-only, then tries every way
 * to change it through that descriptor opened again (/proc/self/fd/N,
 * /dev/fd/N): write, O_TRUNC, truncate, a shared writable mapping, ftruncate,
 * fallocate, copy_file_range and splice; also through a hard link it made,
 * and after removing the file's name. What it reaches must be a copy of the
 * container's own: the test checks the image store afterwards. Prints what
 * each attempt returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "done");
}

static int reopen(int fd, const char *dir, int flags)
{
	char path[64];
	snprintf(path, sizeof path, "%s/%d", dir, fd);
	return open(path, flags);
}

static void attack(const char *file, const char *dir)
{
	int fd = open(file, O_RDONLY);
	if (fd < 0) { perror(file); return; }
	int w = reopen(fd, dir, O_WRONLY | O_APPEND);
	report("append", w < 0 ? -1 : write(w, "PWNED\n", 6));
	if (w >= 0) close(w);
	w = reopen(fd, dir, O_RDWR);
	report("reopen rdwr", w);
	if (w >= 0) {
		char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, w, 0);
		if (m != MAP_FAILED) { memcpy(m, "PWNED", 5); msync(m, 4096, MS_SYNC); munmap(m, 4096); }
		report("shared mapping", m == MAP_FAILED ? -1 : 0);
		report("fallocate", fallocate(w, 0, 0, 1 << 20));
		int src = open("/etc/hostname", O_RDONLY);
		loff_t off = 0;
		report("copy_file_range", copy_file_range(src, 0, w, &off, 16, 0));
		int p[2];
		pipe(p);
		write(p[1], "PWNED", 5);
		off = 0;
		report("splice", splice(p[0], 0, w, &off, 5, 0));
		report("ftruncate", ftruncate(w, 1));
		close(w);
	}
	report("O_TRUNC", reopen(fd, dir, O_WRONLY | O_TRUNC));
	char path[64];
	snprintf(path, sizeof path, "%s/%d", dir, fd);
	report("truncate", truncate(path, 0));
	report("chmod", chmod(path, 04777));
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 2) return 2;
	const char *file = argv[1];
	attack(file, "/proc/self/fd");
	attack(file, "/dev/fd");
	/* A hard link the guest made to the image's file. */
	unlink("/tmp/hardlink");
	if (link(file, "/tmp/hardlink") == 0) attack("/tmp/hardlink", "/proc/self/fd");
	/* The name removed while the descriptor stays open. */
	int fd = open(argc > 2 ? argv[2] : file, O_RDONLY);
	unlink(argc > 2 ? argv[2] : file);
	report("after unlink", reopen(fd, "/proc/self/fd", O_WRONLY | O_APPEND) < 0 ? -1 : 0);
	return 0;
}
