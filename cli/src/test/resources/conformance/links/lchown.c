/* lchown changes the link's owner, chown the target's. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	symlink("f", "l");
	check("lchown", lchown("l", 5, 6));
	struct stat st;
	lstat("l", &st);
	printf("link %d:%d\n", st.st_uid, st.st_gid);
	stat("l", &st);
	printf("file %d:%d\n", st.st_uid, st.st_gid);
	check("chown", chown("l", 7, 8));
	stat("f", &st);
	printf("file %d:%d\n", st.st_uid, st.st_gid);
	lstat("l", &st);
	printf("link %d:%d\n", st.st_uid, st.st_gid);
	check("fchmodat nofollow", fchmodat(AT_FDCWD, "l", 0600, AT_SYMLINK_NOFOLLOW));
	return 0;
}
