/* user.* extended attributes as Linux's xattr_permission allows them: a
 * user who may not write a file may not set or remove them, one who may
 * not read it may not read them, and a symlink's take none. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static void say(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? strerror(errno) : "ok");
}

int main(void)
{
	mkdir("/tmp/x", 0755);
	close(open("/tmp/x/readable", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/x/private", O_CREAT | O_WRONLY, 0600));
	close(open("/tmp/x/shared", O_CREAT | O_WRONLY, 0666));
	chmod("/tmp/x/shared", 0666);
	symlink("readable", "/tmp/x/link");
	say("root sets one", setxattr("/tmp/x/readable", "user.a", "1", 1, 0));
	say("root sets one on the private file", setxattr("/tmp/x/private", "user.a", "1", 1, 0));
	if (setgid(1000) || setuid(1000)) return 1;
	char v[8];
	say("a user reads the readable file's", getxattr("/tmp/x/readable", "user.a", v, sizeof v));
	say("a user sets one on a file it may not write", setxattr("/tmp/x/readable", "user.b", "1", 1, 0));
	say("a user removes one from a file it may not write", removexattr("/tmp/x/readable", "user.a"));
	say("a user reads the private file's", getxattr("/tmp/x/private", "user.a", v, sizeof v));
	say("a user sets one on a file it may write", setxattr("/tmp/x/shared", "user.c", "1", 1, 0));
	say("a user sets one on a symlink", lsetxattr("/tmp/x/link", "user.d", "1", 1, 0));
	return 0;
}
