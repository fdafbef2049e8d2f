/* Opening a descriptor again (/proc/self/fd/N, /dev/fd/N) checks the file's
 * permissions, as Linux checks the inode: a user holding a file it may only
 * read gets no write through it, and an O_PATH descriptor of a file it may
 * not read gives no read; its own pipe opens again (as /dev/stdin does). */
#include "../conf.h"
static void reopen(const char *label, int fd, const char *dir, int flags)
{
	char path[64];
	snprintf(path, sizeof path, "%s/%d", dir, fd);
	check(label, open(path, flags));
}
int main(void)
{
	put("readable", "everyone reads\n");
	chmod("readable", 0644);
	put("secret", "root only\n");
	chmod("secret", 0600);
	int readable = open("readable", O_RDONLY), secret = open("secret", O_PATH);
	pid_t p = fork();
	if (p == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		reopen("read again", readable, "/proc/self/fd", O_RDONLY);
		reopen("append through /proc", readable, "/proc/self/fd", O_WRONLY | O_APPEND);
		reopen("append through /dev/fd", readable, "/dev/fd", O_WRONLY | O_APPEND);
		reopen("truncate", readable, "/proc/self/fd", O_RDWR | O_TRUNC);
		reopen("read an O_PATH of 0600", secret, "/proc/self/fd", O_RDONLY);
		int own[2];
		pipe(own);
		reopen("read its own pipe again (/dev/stdin's way)", own[0], "/proc/self/fd", O_RDONLY);
		_exit(0);
	}
	waitpid(p, NULL, 0);
	first_line("readable now", "readable");
	return 0;
}
