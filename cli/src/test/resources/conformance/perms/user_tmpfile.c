/* O_TMPFILE by a user other than root: allowed in a directory it may write
 * (it was EISDIR, taken for an open of the directory to write), refused in
 * one it may not; the file is its own, and linkat names it. */
#include "../conf.h"
int main(void)
{
	mkdir("closed", 0755);
	mkdir("open", 0777);
	chmod("open", 0777);
	if (fork() == 0) {
		setgid(100);
		setuid(1000);
		check("O_TMPFILE in 0755 root dir", open("closed", O_TMPFILE | O_RDWR, 0600));
		/* flags Linux refuses before it looks at the directory */
		check("O_TMPFILE read-only", open("open", O_TMPFILE | O_RDONLY, 0600));
		check("O_TMPFILE with O_CREAT", open("open", O_TMPFILE | O_CREAT | O_RDWR, 0600));
		check("__O_TMPFILE alone", open("open", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600));
		int fd = (int)check("O_TMPFILE in 0777 dir", open("open", O_TMPFILE | O_RDWR, 0600));
		if (fd >= 0) {
			struct stat st;
			fstat(fd, &st);
			printf("owner: %d:%d\n", st.st_uid, st.st_gid);
			char path[64];
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
			check("linkat", linkat(AT_FDCWD, path, AT_FDCWD, "open/named", AT_SYMLINK_FOLLOW));
			stat("open/named", &st);
			printf("named owner: %d:%d\n", st.st_uid, st.st_gid);
		}
		_exit(0);
	}
	wait(NULL);
	return 0;
}
