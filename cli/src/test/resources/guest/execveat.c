/* execveat and fexecve: a program run from a descriptor, from a directory
 * descriptor and a relative path, AT_SYMLINK_NOFOLLOW on a link, and the
 * errors. Each in a child; prints what a chroot prints too. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static long execveat(int dirfd, const char *path, char *const argv[], int flags)
{
	return syscall(SYS_execveat, dirfd, path, argv, environ, flags);
}

static void run(const char *what, int dirfd, const char *path, const char *word, int flags)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "echo", (char *)word, 0 };
		long r = execveat(dirfd, path, argv, flags);
		printf("%s: %s\n", what, r < 0 ? strerror(errno) : "returned");
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
}

int main(void)
{
	if (chdir("/")) return 1;
	int prog = open("/bin/busybox", O_RDONLY), bin = open("/bin", O_RDONLY | O_DIRECTORY);
	int path_only = open("/bin/busybox", O_PATH);
	run("from a descriptor", prog, "", "ran-from-fd", AT_EMPTY_PATH);
	run("from an O_PATH descriptor", path_only, "", "ran-from-o-path", AT_EMPTY_PATH);
	run("from a directory descriptor", bin, "busybox", "ran-from-dirfd", 0);
	run("relative to the cwd", AT_FDCWD, "bin/busybox", "ran-from-cwd", 0);
	run("an absolute path, the descriptor ignored", prog, "/bin/busybox", "ran-absolute", 0);
	run("a symlink with AT_SYMLINK_NOFOLLOW", bin, "sh", "-", AT_SYMLINK_NOFOLLOW);
	run("the file with AT_SYMLINK_NOFOLLOW", bin, "busybox", "ran-nofollow", AT_SYMLINK_NOFOLLOW);
	run("an empty path without AT_EMPTY_PATH", prog, "", "-", 0);
	run("an unknown flag and an empty path", prog, "", "-", 0x8000);
	run("an unknown flag", bin, "busybox", "-", 0x8000);
	run("a closed descriptor", 77, "x", "-", 0);
	run("a file as the directory", prog, "x", "-", 0);
	run("missing", bin, "no-such-program", "-", 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "echo", "fexecve", 0 };
		fexecve(prog, argv, environ);
		printf("fexecve: %s\n", strerror(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	return 0;
}
