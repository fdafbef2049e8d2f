/* Permission checks on socket files and hard links, as Linux makes them: a
 * connect takes write permission on the socket file, a bind a name in a
 * directory the user may write, and (fs.protected_hardlinks) a hard link
 * to another user's file one it may read and write. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int listening(const char *path, int mode)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4) || chmod(path, mode)) return -1;
	return s;
}

static const char *result(int r)
{
	return r < 0 ? strerror(errno) : "ok";
}

static int dial(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	return connect(s, (struct sockaddr *)&a, sizeof a);
}

int main(void)
{
	mkdir("/tmp/sp", 01777);
	chmod("/tmp/sp", 01777);
	if (listening("/tmp/sp/private.sock", 0600) < 0 || listening("/tmp/sp/open.sock", 0666) < 0) return 1;
	close(open("/tmp/sp/rootonly", O_CREAT | O_WRONLY, 0600));
	close(open("/tmp/sp/shared", O_CREAT | O_WRONLY, 0666));
	chmod("/tmp/sp/shared", 0666);
	if (setgid(1000) || setuid(1000)) return 1;
	printf("a user connects to root's 0600 socket: %s\n", result(dial("/tmp/sp/private.sock")));
	printf("a user connects to a 0666 socket: %s\n", result(dial("/tmp/sp/open.sock")));
	printf("a user binds a socket in /etc: %s\n", result(listening("/etc/user.sock", 0600)));
	printf("a user binds a socket in /tmp/sp: %s\n", result(listening("/tmp/sp/user.sock", 0600)));
	printf("a user links root's private file: %s\n", result(link("/tmp/sp/rootonly", "/tmp/sp/l1")));
	printf("a user links root's file it may read and write: %s\n", result(link("/tmp/sp/shared", "/tmp/sp/l2")));
	close(open("/tmp/sp/mine", O_CREAT | O_WRONLY, 0600));
	printf("a user links its own file: %s\n", result(link("/tmp/sp/mine", "/tmp/sp/l3")));
	return 0;
}
