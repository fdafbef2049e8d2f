/* access uses the real ids, faccessat AT_EACCESS the effective ones. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	chmod("f", 0600);
	if (fork() == 0) {
		setresuid(1000, 0, 0);
		check("access (real 1000)", access("f", R_OK));
		check("AT_EACCESS (effective 0)", faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS));
		check("open", open("f", O_RDONLY));
		setresuid(0, 1000, 0);
		check("access (real 0)", access("f", R_OK));
		check("AT_EACCESS (effective 1000)", faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS));
		check("open", open("f", O_RDONLY));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
