/* A user other than root: the owner's, group's and others' read bits. */
#include "../conf.h"
static void try(const char *name, int mode, uid_t uid, gid_t gid)
{
	put(name, "x");
	chown(name, uid, gid);
	chmod(name, mode);
	pid_t p = fork();
	if (p == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		int fd = open(name, O_RDONLY);
		printf("%s (mode %04o, owner %d:%d): %s\n", name, mode, uid, gid, fd >= 0 ? "ok" : errname(errno));
		_exit(0);
	}
	waitpid(p, NULL, 0);
}
int main(void)
{
	try("own", 0400, 1000, 0);
	try("own-no-r", 0044, 1000, 100);
	try("group", 0040, 0, 100);
	try("group-no-r", 0404, 0, 100);
	try("other", 0004, 0, 0);
	try("none", 0660, 0, 0);
	return 0;
}
