/* O_NOFOLLOW refuses a link (ELOOP); O_PATH|O_NOFOLLOW opens the link itself. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	symlink("f", "l");
	check("O_NOFOLLOW on link", open("l", O_RDONLY | O_NOFOLLOW));
	check("O_NOFOLLOW on file", open("f", O_RDONLY | O_NOFOLLOW));
	int fd = check("O_PATH|O_NOFOLLOW", open("l", O_PATH | O_NOFOLLOW));
	struct stat st;
	check("fstat", fstat(fd, &st));
	yes("is a link", S_ISLNK(st.st_mode));
	char buf[8];
	value("readlinkat empty path", readlinkat(fd, "", buf, sizeof buf));
	check("read O_PATH", read(fd, buf, 1));
	return 0;
}
