/* posix_openpt, grantpt, unlockpt, ptsname: a slave under /dev/pts that opens. */
#include "../conf.h"
#include "tty.h"
int main(void)
{
	int m = check("posix_openpt", posix_openpt(O_RDWR | O_NOCTTY));
	check("grantpt", grantpt(m));
	char *name = ptsname(m);
	yes("ptsname under /dev/pts/", name && !strncmp(name, "/dev/pts/", 9));
	check("open before unlockpt", open(name, O_RDWR | O_NOCTTY));
	check("unlockpt", unlockpt(m));
	int s = check("open slave", open(name, O_RDWR | O_NOCTTY));
	struct stat st;
	fstat(s, &st);
	yes("a character device", S_ISCHR(st.st_mode));
	printf("mode %04o\n", st.st_mode & 07777);
	yes("isatty slave", isatty(s));
	yes("isatty master", isatty(m));
	return 0;
}
