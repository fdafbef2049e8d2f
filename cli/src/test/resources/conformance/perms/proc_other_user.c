/* A user's view of another user's process in /proc: its stat and cmdline
 * are anyone's; its environment, memory map, open files and links (exe,
 * cwd) only its own user's (Linux's ptrace read check). The check is asked
 * when an entry is used, not when it is looked up: the links and files are
 * there to lstat and stat, not to read or follow; the fd directory is its
 * owner's alone (0500), and fdinfo lists nothing to another. Nor does an
 * inotify watch tell what happens in them: a watch needs read permission. */
#include <sys/inotify.h>
#include "../conf.h"
static void try(const char *label, const char *path)
{
	int fd = open(path, O_RDONLY);
	printf("%s: %s\n", label, fd >= 0 ? "ok" : errname(errno));
	if (fd >= 0) close(fd);
}
static void look(const char *label, const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);
	if (r) printf("%s: %s\n", label, errname(errno));
	else if (S_ISLNK(st.st_mode)) printf("%s: a link of size %ld\n", label, (long)st.st_size);
	else if (!S_ISDIR(st.st_mode)) printf("%s: type %o\n", label, st.st_mode & S_IFMT);
	else printf("%s: a directory, mode %o\n", label, st.st_mode & 07777);
}
int main(void)
{
	int secret = open("/tmp/proc_other_user.secret", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	close(secret);
	pid_t rootish = fork();
	if (rootish == 0) {
		pause();
		_exit(0);
	}
	pid_t p = fork();
	if (p == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		char path[64], link[64];
		const char *files[] = { "stat", "cmdline", "environ", "maps", "fd", "fdinfo" };
		for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
			snprintf(path, sizeof path, "/proc/%d/%s", rootish, files[i]);
			try(files[i], path);
			look("  looked at", path, 1);
		}
		const char *links[] = { "exe", "cwd", "root" };
		for (unsigned i = 0; i < sizeof links / sizeof *links; i++) {
			snprintf(path, sizeof path, "/proc/%d/%s", rootish, links[i]);
			look(links[i], path, 0);
			printf("  readlink: %s\n", readlink(path, link, sizeof link) >= 0 ? "ok" : errname(errno));
			look("  followed", path, 1);
		}
		snprintf(path, sizeof path, "/proc/%d/fd/0", rootish);
		look("fd/0", path, 0);
		snprintf(path, sizeof path, "/proc/%d/fdinfo/0", rootish);
		try("fdinfo/0", path);
		look("  looked at", path, 0);
		int in = inotify_init1(IN_CLOEXEC);
		snprintf(path, sizeof path, "/proc/%d/fd", rootish);
		printf("watch fd: %s\n", inotify_add_watch(in, path, IN_ALL_EVENTS) >= 0 ? "ok" : errname(errno));
		printf("watch root's 0600 file: %s\n",
		       inotify_add_watch(in, "/tmp/proc_other_user.secret", IN_ALL_EVENTS) >= 0 ? "ok" : errname(errno));
		_exit(0);
	}
	waitpid(p, NULL, 0);
	kill(rootish, SIGKILL);
	waitpid(rootish, NULL, 0);
	unlink("/tmp/proc_other_user.secret");
	return 0;
}
