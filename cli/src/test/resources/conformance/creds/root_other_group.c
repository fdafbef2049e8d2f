/* Root with another effective (so filesystem) group, as a set-group-ID
 * program or sg runs: what it makes is that group's. */
#include "../conf.h"

static void group_of(const char *label, const char *path)
{
	struct stat st;
	if (lstat(path, &st)) { printf("%s: %s\n", label, errname(errno)); return; }
	printf("%s: uid %u gid %u\n", label, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

int main(void)
{
	must("setresgid", setresgid(0, 5, 0));
	close(must("create", open("file", O_CREAT | O_WRONLY, 0644)));
	group_of("file", "file");
	must("mkdir", mkdir("dir", 0755));
	group_of("directory", "dir");
	must("symlink", symlink("file", "link"));
	group_of("symlink", "link");
	must("mkfifo", mkfifo("fifo", 0644));
	group_of("fifo", "fifo");
	struct sockaddr_un at = { .sun_family = AF_UNIX };
	strcpy(at.sun_path, "sock");
	int s = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	must("bind", bind(s, (struct sockaddr *)&at, sizeof at));
	group_of("socket", "sock");
	must("setresgid back", setresgid(0, 0, 0));
	close(must("create as group 0", open("file0", O_CREAT | O_WRONLY, 0644)));
	group_of("file as group 0", "file0");
	return 0;
}
