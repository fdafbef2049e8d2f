/* Only root gives files away; an owner changes the group to one of its own groups only. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	check("root chown", chown("f", 1000, 100));
	struct stat st;
	stat("f", &st);
	printf("owner: %d:%d\n", st.st_uid, st.st_gid);
	if (fork() == 0) {
		gid_t g[] = {200};
		setgroups(1, g);
		setgid(100);
		setuid(1000);
		check("give away", chown("f", 0, -1));
		check("to own supplementary group", chown("f", -1, 200));
		check("to a foreign group", chown("f", -1, 300));
		check("no change", chown("f", 1000, -1));
		_exit(0);
	}
	wait(NULL);
	stat("f", &st);
	printf("owner: %d:%d\n", st.st_uid, st.st_gid);
	put("r", "x");
	if (fork() == 0) {
		setuid(1000);
		check("chmod of root's file", chmod("r", 0777));
		check("utimes of root's file", utimensat(AT_FDCWD, "r", (struct timespec[2]){{1, 0}, {1, 0}}, 0));
		check("touch root's file to now", utimensat(AT_FDCWD, "r", NULL, 0));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
