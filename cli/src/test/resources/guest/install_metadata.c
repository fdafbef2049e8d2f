/* A hostile guest opens Lamina's installation (the init host's own file,
 * which Landlock lets it read) and fchmods it: that must be refused, or a
 * world-writable lamina-init would be anyone's to replace.
 *
 *   install_metadata MODE   (octal, e.g. 757)
 *
 * Built static (musl-gcc -static) and run with --compat. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "raw_syscall.h"

int main(int argc, char **argv)
{
	if (argc < 2 || !raw_syscall_init()) return 1;
	char exe[4096] = {0};
	raw(SYS_readlink, (long)"/proc/self/exe", (long)exe, sizeof exe - 1, 0, 0);
	long fd = raw(SYS_openat, AT_FDCWD, (long)exe, O_RDONLY, 0, 0);
	printf("%s: open %ld\n", exe, fd);
	printf("fchmod %s: %ld\n", argv[1], raw(SYS_fchmod, fd, strtol(argv[1], 0, 8), 0, 0, 0));
	return 0;
}
