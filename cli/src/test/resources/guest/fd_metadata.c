/* A hostile guest changes metadata itself on a descriptor the kernel handed
 * out: open("/etc/motd") is routed, and the kernel opens the container's
 * file, a hard link to the image's, read-only. fchmod, futimens and
 * fsetxattr need no write access and Landlock has no right for them: they
 * must be refused, or the image store's inode would change.
 *
 *   fd_metadata PATH
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	if (argc < 2 || !raw_syscall_init()) return 1;
	int fd = open(argv[1], O_RDONLY); /* routed: the kernel's descriptor */
	printf("open %s: %d\n", argv[1], fd);
	if (fd < 0) return 1;
	printf("fchmod 0606: %ld\n", raw(SYS_fchmod, fd, 0606, 0, 0, 0));
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	printf("futimens 2001: %ld\n", raw(SYS_utimensat, fd, 0, (long)ts, 0, 0));
	printf("fsetxattr user.review: %ld\n", raw(SYS_fsetxattr, fd, (long)"user.review", (long)"x", 1, 0));
	char host[256] = {0};
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	raw(SYS_readlink, (long)link, (long)host, sizeof host - 1, 0, 0);
	printf("host path: %s\n", host);
	return 0;
}
