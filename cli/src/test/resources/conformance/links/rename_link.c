/* rename of a symlink moves the link, not its target; a link to a dir as rename target. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	symlink("f", "l");
	check("rename l", rename("l", "m"));
	struct stat st;
	lstat("m", &st);
	yes("m is a link", S_ISLNK(st.st_mode));
	yes("f untouched", access("f", F_OK) == 0);
	mkdir("d", 0755);
	symlink("d", "ld");
	check("rename file over link to dir", rename("f", "ld"));
	lstat("ld", &st);
	yes("ld now a file", S_ISREG(st.st_mode));
	yes("d still a dir", stat("d", &st) == 0 && S_ISDIR(st.st_mode));
	return 0;
}
