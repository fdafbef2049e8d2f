/* chmod, chown and times through one hard link show through the other. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	link("f", "g");
	check("chmod f", chmod("f", 0600));
	check("chown f", chown("f", 12, 34));
	struct timespec ts[2] = {{100, 0}, {200, 0}};
	check("utimensat f", utimensat(AT_FDCWD, "f", ts, 0));
	struct stat st;
	stat("g", &st);
	printf("g: mode %04o owner %d:%d mtime %ld\n", st.st_mode & 07777, st.st_uid, st.st_gid, (long)st.st_mtime);
	return 0;
}
