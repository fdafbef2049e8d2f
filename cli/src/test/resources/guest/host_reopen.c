/* A hostile guest holds a host file by itself with O_PATH (Landlock checks
 * no O_PATH open), then asks the kernel to open it again through
 * /proc/self/fd/N, which the kernel would do with none of Landlock's limits.
 * The kernel must refuse: the file has no place in the container. So must
 * it refuse to read the file's extended attributes or watch it for the guest.
 *
 *   host_reopen PATH r|w [TEXT]
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	if (argc < 3) return 2;
	if (!raw_syscall_init()) return 1;
	char buf[4096];
	/* direct opens, for comparison: Landlock refuses these */
	printf("direct open r: %ld\n", raw(SYS_openat, AT_FDCWD, (long)argv[1], O_RDONLY | O_NONBLOCK, 0, 0));
	long p = raw(SYS_openat, AT_FDCWD, (long)argv[1], O_PATH, 0, 0);
	printf("O_PATH: %ld\n", p);
	if (p < 0) return 1;
	snprintf(buf, sizeof buf, "/proc/self/fd/%ld", p);
	/* routed to the kernel too */
	char value[256];
	ssize_t x = getxattr(buf, "user.secret", value, sizeof value - 1);
	if (x > 0) { value[x] = 0; printf("getxattr via %s: %s\n", buf, value); }
	else printf("getxattr via %s: %zd\n", buf, x);
	printf("listxattr via %s: %zd\n", buf, listxattr(buf, value, sizeof value));
	printf("inotify_add_watch via %s: %d\n", buf, inotify_add_watch(inotify_init1(0), buf, IN_ALL_EVENTS));
	int w = argv[2][0] == 'w';
	int fd = open(buf, w ? O_WRONLY : O_RDONLY); /* routed to the kernel */
	printf("reopen via %s: %d\n", buf, fd);
	if (fd < 0) { perror("open"); return 1; }
	if (w) {
		const char *t = argc > 3 ? argv[3] : "written by a guest\n";
		printf("write: %zd\n", write(fd, t, strlen(t)));
	} else {
		ssize_t n = read(fd, buf, sizeof buf - 1);
		if (n > 0) { buf[n] = 0; printf("read %zd bytes:\n%s\n", n, buf); }
		else printf("read: %zd\n", n);
	}
	return 0;
}
