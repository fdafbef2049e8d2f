/* stat and lstat name each kind of file. */
#include "../conf.h"
static void kind(const char *name, int follow)
{
	struct stat st;
	if ((follow ? stat : lstat)(name, &st) < 0) { printf("%s: %s\n", name, errname(errno)); return; }
	printf("%s%s: %s mode %04o\n", follow ? "" : "l ", name,
	       S_ISREG(st.st_mode) ? "reg" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "lnk" :
	       S_ISFIFO(st.st_mode) ? "fifo" : S_ISSOCK(st.st_mode) ? "sock" : S_ISCHR(st.st_mode) ? "chr" : "other",
	       st.st_mode & 07777);
}
int main(void)
{
	umask(022);
	put("f", "x");
	mkdir("d", 0750);
	mkfifo("p", 0640);
	symlink("f", "l");
	const char *names[] = {"f", "d", "p", "l", "/dev/null", "."};
	for (int i = 0; i < 6; i++) { kind(names[i], 1); kind(names[i], 0); }
	struct stat st;
	stat("/dev/null", &st);
	printf("/dev/null rdev %u,%u\n", major(st.st_rdev), minor(st.st_rdev));
	return 0;
}
