/* linkat links the symlink itself unless AT_SYMLINK_FOLLOW. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	symlink("f", "l");
	check("linkat plain", linkat(AT_FDCWD, "l", AT_FDCWD, "h1", 0));
	check("linkat follow", linkat(AT_FDCWD, "l", AT_FDCWD, "h2", AT_SYMLINK_FOLLOW));
	struct stat st;
	lstat("h1", &st);
	yes("h1 is a link", S_ISLNK(st.st_mode));
	lstat("h2", &st);
	yes("h2 is a file", S_ISREG(st.st_mode));
	value("f nlink", (stat("f", &st), st.st_nlink));
	check("bad flag", linkat(AT_FDCWD, "f", AT_FDCWD, "h3", 0x4000000));
	return 0;
}
