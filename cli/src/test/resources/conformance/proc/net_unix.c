/* /proc/net/unix lists a unix socket the process bound, by its path and inode
 * (fuser and ss look sockets up there). */
#include "../conf.h"

/* Whether /proc/net/unix has a line with this inode and path (read line by line: the host's may be long). */
static int listed(unsigned long inode, const char *path)
{
	FILE *f = fopen("/proc/net/unix", "r");
	if (!f) return 0;
	char line[512];
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long ino;
		char name[256] = "";
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu %255s", &ino, name) >= 1 && ino == inode && !strcmp(name, path)) found = 1;
	}
	fclose(f);
	return found;
}

int main(void)
{
	const char *path = "/tmp/conformance-net-unix.sock";
	unlink(path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, path);
	must("bind", bind(s, (struct sockaddr *)&a, sizeof a));
	must("listen", listen(s, 1));
	struct stat st;
	must("fstat", fstat(s, &st));
	yes("listed with its path", listed((unsigned long)st.st_ino, path));
	close(s);
	unlink(path);
	return 0;
}
