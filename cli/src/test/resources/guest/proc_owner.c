/* Who owns /proc/PID and its files (Linux's task_dump_owner): the
 * directory is always the process's effective user's and group's, as `ps`
 * names a process's user by it; its files are too while the process is
 * dumpable, root's once a change of ids made it not. An exec with its real
 * ids and prctl(PR_SET_DUMPABLE) make it dumpable again, but not one that
 * gains capabilities (root's, after it dropped them). A process of the
 * same ids may read another's environ only while that one is dumpable.
 * /proc/PID/fd is 0500 (fdinfo 0555), and a process opens its own even
 * while that directory is root's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int to_child[2], to_parent[2];

static void say(int fd) { if (write(fd, "x", 1) != 1) _exit(90); }
static void hear(int fd) { char c; if (read(fd, &c, 1) != 1) _exit(91); }

static void owner(const char *what, pid_t pid, const char *file)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d%s", (int)pid, file);
	if (stat(path, &st)) printf("%s: %s\n", what, strerror(errno));
	else printf("%s: %u %u\n", what, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

static void mode(const char *what, pid_t pid, const char *file)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d%s", (int)pid, file);
	if (stat(path, &st)) printf("%s: %s\n", what, strerror(errno));
	else printf("%s: %o %u %u\n", what, (unsigned)st.st_mode, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

/* The child's side: ids changed without an exec, then made dumpable again. */
static void changed_ids(void)
{
	if (setgid(65534) || setuid(65534)) _exit(92);
	printf("child: dumpable after setuid %d\n", prctl(PR_GET_DUMPABLE));
	mode("child: its own fd", getpid(), "/fd");
	int own = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	printf("child: its own fd directory: %s\n", own >= 0 ? "opened" : strerror(errno));
	if (own >= 0) close(own);
	char link[64];
	printf("child: its own fd 0's link: %s\n", readlink("/proc/self/fd/0", link, sizeof link) >= 0 ? "read" : strerror(errno));
	int r = prctl(PR_SET_DUMPABLE, 2);
	printf("child: PR_SET_DUMPABLE 2: %d %s\n", r, strerror(errno));
	fflush(stdout);
	say(to_parent[1]);
	hear(to_child[0]);
	prctl(PR_SET_DUMPABLE, 1);
	printf("child: dumpable after prctl %d\n", prctl(PR_GET_DUMPABLE));
	owner("child: its own comm", getpid(), "/comm");
	fflush(stdout);
	say(to_parent[1]);
	hear(to_child[0]);
	_exit(0);
}

/* Another process of the same ids reads pid's environ. */
static void peek(const char *what, pid_t pid)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) || setuid(65534)) _exit(92);
		prctl(PR_SET_DUMPABLE, 1);
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
		int fd = open(path, O_RDONLY);
		printf("%s: %s\n", what, fd >= 0 ? "read" : strerror(errno));
		fflush(stdout);
		_exit(0);
	}
	waitpid(c, 0, 0);
}

/* A child that execs this program again ("wait"), having first become nobody, or (root) dropped its permitted
 * capabilities, which the exec gives back. Its stdin is a pipe the parent closes to end it. */
static void exec_child(const char *self, int drop_caps)
{
	int hold[2];
	if (pipe(hold)) exit(1);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		dup2(hold[0], 0);
		close(hold[1]);
		dup2(to_parent[1], 3);
		if (drop_caps) {
			struct { unsigned version; int pid; } h = { 0x20080522, 0 }; /* _LINUX_CAPABILITY_VERSION_3 */
			unsigned none[6] = { 0 }; /* effective, permitted, inheritable; two words each */
			if (syscall(SYS_capset, &h, none)) _exit(94);
		} else if (setgid(65534) || setuid(65534)) _exit(92);
		execl("/proc/self/exe", self, "wait", (char *)0);
		_exit(93);
	}
	close(hold[0]);
	hear(to_parent[0]);
	owner(drop_caps ? "capabilities dropped, then exec: status" : "setuid, then exec: dir", c, drop_caps ? "/status" : "");
	close(hold[1]);
	waitpid(c, 0, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "wait")) {
		printf("exec'd child: dumpable %d\n", prctl(PR_GET_DUMPABLE));
		fflush(stdout);
		say(1 + 2); /* to_parent's write end, kept across the exec as fd 3 */
		char c;
		return read(0, &c, 1) < 0;
	}
	printf("self: dumpable %d\n", prctl(PR_GET_DUMPABLE));
	owner("self", getpid(), "");
	mode("self: fd", getpid(), "/fd");
	mode("self: fdinfo", getpid(), "/fdinfo");
	char task_fd[32];
	snprintf(task_fd, sizeof task_fd, "/task/%d/fd", (int)getpid());
	mode("self: task's fd", getpid(), task_fd);

	if (pipe(to_child) || pipe(to_parent)) return 1;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) changed_ids();
	hear(to_parent[0]);
	owner("setuid, no exec: dir", c, "");
	owner("setuid, no exec: status", c, "/status");
	owner("setuid, no exec: comm", c, "/comm");
	peek("setuid, no exec: environ by the same user", c);
	say(to_child[1]);
	hear(to_parent[0]);
	owner("made dumpable: dir", c, "");
	owner("made dumpable: status", c, "/status");
	owner("made dumpable: comm", c, "/comm");
	owner("made dumpable: task dir", c, "/task");
	peek("made dumpable: environ by the same user", c);
	say(to_child[1]);
	waitpid(c, 0, 0);

	exec_child(argv[0], 0);
	exec_child(argv[0], 1);
	return 0;
}
