/* renameat2's RENAME_NOREPLACE and RENAME_EXCHANGE. */
#include "../conf.h"
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
int main(void)
{
	put("a", "A");
	put("b", "B");
	check("noreplace over existing", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE));
	check("noreplace to new", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
	check("exchange", syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE));
	char buf[4] = {0};
	int fd = open("b", O_RDONLY);
	read(fd, buf, 3);
	printf("b holds: %s\n", buf);
	check("exchange with missing", syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "zz", RENAME_EXCHANGE));
	check("both flags", syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE | RENAME_NOREPLACE));
	return 0;
}
