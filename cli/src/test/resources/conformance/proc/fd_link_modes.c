/* /proc/self/fd's links show how each descriptor was opened: r-x for
 * reading, -wx for writing, rwx for both (ls -l, stat %A). */
#include "../conf.h"
static void mode(const char *label, int fd)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct stat st;
	if (lstat(path, &st) < 0) { printf("%s: %s\n", label, errname(errno)); return; }
	printf("%s: %s %04o\n", label, S_ISLNK(st.st_mode) ? "lnk" : "other", st.st_mode & 07777);
}
int main(void)
{
	put("f", "x");
	mode("read", must("open r", open("f", O_RDONLY)));
	mode("write", must("open w", open("f", O_WRONLY)));
	mode("both", must("open rw", open("f", O_RDWR)));
	int p[2];
	must("pipe", pipe(p));
	mode("pipe read end", p[0]);
	mode("pipe write end", p[1]);
	return 0;
}
