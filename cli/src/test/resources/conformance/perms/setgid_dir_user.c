/* A set-group-ID directory gives its group to what a user other than root
 * makes in it (files, directories, fifos), and its bit to subdirectories. */
#include "../conf.h"
static void show(const char *what, const char *path)
{
	struct stat st;
	if (stat(path, &st)) printf("%s: %s\n", what, errname(errno));
	else printf("%s: uid %d group %d setgid %s\n", what, st.st_uid, st.st_gid, st.st_mode & S_ISGID ? "yes" : "no");
}
int main(void)
{
	mkdir("shared", 0777);
	chown("shared", 0, 50);
	chmod("shared", 02777);
	pid_t p = fork();
	if (p == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		close(open("shared/file", O_CREAT | O_WRONLY, 0644));
		mkdir("shared/dir", 0755);
		mkfifo("shared/fifo", 0644);
		_exit(0);
	}
	waitpid(p, NULL, 0);
	show("file", "shared/file");
	show("dir", "shared/dir");
	show("fifo", "shared/fifo");
	return 0;
}
