/* A directory opened to write, truncate or create, by a user without write
 * permission on it: EISDIR, which Linux gives before it looks at any
 * permission; O_CREAT|O_EXCL is EEXIST. Lamina answered EACCES (found by
 * the forty-first session's probe with Go's os tests). */
#include "../conf.h"

static void try_open(const char *label, const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	printf("%s: %s\n", label, fd >= 0 ? "opened" : errname(errno));
	if (fd >= 0) close(fd);
}

int main(void)
{
	must("mkdir", mkdir("root-only", 0700));
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) || setuid(65534)) _exit(1);
		try_open("/etc O_WRONLY", "/etc", O_WRONLY);
		try_open("/etc O_RDWR", "/etc", O_RDWR);
		try_open("/etc O_RDONLY|O_TRUNC", "/etc", O_RDONLY | O_TRUNC);
		try_open("/etc O_RDONLY|O_CREAT", "/etc", O_RDONLY | O_CREAT);
		try_open("/etc O_WRONLY|O_CREAT|O_EXCL", "/etc", O_WRONLY | O_CREAT | O_EXCL);
		try_open("/etc O_RDONLY", "/etc", O_RDONLY);
		try_open("0700 root's O_WRONLY", "root-only", O_WRONLY);
		try_open("0700 root's O_RDONLY", "root-only", O_RDONLY);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("user", st);
	try_open("root: /etc O_WRONLY", "/etc", O_WRONLY);
	return 0;
}
