/* Helpers for the conformance programs: each prints what it observes as
 * lines "label: value", where a value is "ok", an errno name, "yes"/"no" or a
 * number that is the same on every run (never a raw pid, inode or time).
 * Each program starts with descriptors 0-2 only (whatever its runner left
 * open is closed, so descriptor numbers compare), and stdout is unbuffered so
 * output stays in order across fork and 2>&1. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM"; case ENOENT: return "ENOENT"; case ESRCH: return "ESRCH";
	case EINTR: return "EINTR"; case EIO: return "EIO"; case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG"; case ENOEXEC: return "ENOEXEC"; case EBADF: return "EBADF";
	case ECHILD: return "ECHILD"; case EAGAIN: return "EAGAIN"; case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES"; case EFAULT: return "EFAULT"; case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST"; case EXDEV: return "EXDEV"; case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR"; case EISDIR: return "EISDIR"; case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE"; case EMFILE: return "EMFILE"; case ENOTTY: return "ENOTTY";
	case ETXTBSY: return "ETXTBSY"; case EFBIG: return "EFBIG"; case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE"; case EROFS: return "EROFS"; case EMLINK: return "EMLINK";
	case EPIPE: return "EPIPE"; case EDOM: return "EDOM"; case ERANGE: return "ERANGE";
	case EDEADLK: return "EDEADLK"; case ENAMETOOLONG: return "ENAMETOOLONG"; case ENOLCK: return "ENOLCK";
	case ENOSYS: return "ENOSYS"; case ENOTEMPTY: return "ENOTEMPTY"; case ELOOP: return "ELOOP";
	case ENOMSG: return "ENOMSG"; case ENODATA: return "ENODATA"; case EOVERFLOW: return "EOVERFLOW";
	case ENOTSOCK: return "ENOTSOCK"; case EDESTADDRREQ: return "EDESTADDRREQ"; case EMSGSIZE: return "EMSGSIZE";
	case EPROTOTYPE: return "EPROTOTYPE"; case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT"; case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT"; case EADDRINUSE: return "EADDRINUSE";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL"; case ENETUNREACH: return "ENETUNREACH";
	case ECONNABORTED: return "ECONNABORTED"; case ECONNRESET: return "ECONNRESET";
	case EISCONN: return "EISCONN"; case ENOTCONN: return "ENOTCONN"; case ETIMEDOUT: return "ETIMEDOUT";
	case ECONNREFUSED: return "ECONNREFUSED"; case EALREADY: return "EALREADY";
	case EINPROGRESS: return "EINPROGRESS"; case EPROTO: return "EPROTO"; case ENOTBLK: return "ENOTBLK";
	case EOWNERDEAD: return "EOWNERDEAD"; case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case ECANCELED: return "ECANCELED"; case ESTALE: return "ESTALE";
	default: { static char buf[32]; snprintf(buf, sizeof buf, "errno%d", e); return buf; }
	}
}

__attribute__((constructor)) static void conf_start(void)
{
	for (int fd = 3; fd < 1024; fd++) close(fd);
	setvbuf(stdout, NULL, _IONBF, 0);
}

/* "label: ok" for a result >= 0, else "label: ERRNO"; returns the result. */
static long check(const char *label, long r)
{
	if (r < 0) printf("%s: %s\n", label, errname(errno));
	else printf("%s: ok\n", label);
	return r;
}

/* "label: N" for a result >= 0, else "label: ERRNO"; returns the result. */
static long value(const char *label, long r)
{
	if (r < 0) printf("%s: %s\n", label, errname(errno));
	else printf("%s: %ld\n", label, r);
	return r;
}

static void yes(const char *label, int cond)
{
	printf("%s: %s\n", label, cond ? "yes" : "no");
}

/* Exits with a message if a set-up step fails: such a program does not pass. */
static long must(const char *what, long r)
{
	if (r < 0) {
		printf("set-up failed: %s: %s\n", what, errname(errno));
		exit(1);
	}
	return r;
}

/* The wait status of a child as a line: "exit N" or "signal N". */
static void status(const char *label, int st)
{
	if (WIFEXITED(st)) printf("%s: exit %d\n", label, WEXITSTATUS(st));
	else if (WIFSIGNALED(st)) printf("%s: signal %d%s\n", label, WTERMSIG(st), WCOREDUMP(st) ? " core" : "");
	else if (WIFSTOPPED(st)) printf("%s: stopped %d\n", label, WSTOPSIG(st));
	else printf("%s: continued\n", label);
}

static void put(const char *path, const char *text)
{
	int fd = must(path, open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	must("write", write(fd, text, strlen(text)));
	close(fd);
}

/* The read end of a pipe a child writes one byte to after `us` microseconds:
 * a read that blocks until then (reap the child with wait). */
static int byte_later(useconds_t us)
{
	int p[2];
	must("pipe", pipe(p));
	if (fork() == 0) {
		usleep(us);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/* The state letter of a task's stat line (/proc/PID/stat, /proc/self/task/TID/stat), '?' when unread. */
static char task_state(const char *stat_path)
{
	char buf[512];
	int fd = open(stat_path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0) close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *end = strrchr(buf, ')');
	return end && end[1] == ' ' && end[2] ? end[2] : '?';
}

/* Until the task sleeps (S): waiting in its call, however late a loaded
 * machine lets it get there (bounded: 10000 tries of 1 ms). */
static void until_asleep(const char *stat_path)
{
	for (int i = 0; i < 10000 && task_state(stat_path) != 'S'; i++) usleep(1000);
}

/* until_asleep for a process. */
static void until_process_asleep(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	until_asleep(path);
}

/* The read end of a pipe a child writes one byte to once *flag (in memory
 * shared with it) is set and the caller waits in its read again: a byte
 * after a fixed time could come, on a loaded machine, before what it was to
 * follow (a timer's handler). */
static int byte_after(volatile int *flag)
{
	int p[2];
	must("pipe", pipe(p));
	pid_t parent = getpid();
	if (fork() == 0) {
		for (int i = 0; i < 10000 && !*flag; i++) usleep(1000);
		until_process_asleep(parent);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/* An int in memory a fork's child shares. */
static volatile int *shared_int(void)
{
	volatile int *v = mmap(NULL, sizeof *v, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	must("mmap", v == MAP_FAILED ? -1 : 0);
	return v;
}

/* Prints "label: " and the first line of a file (a name in /proc), or why it
 * cannot be opened. */
static void first_line(const char *label, const char *path)
{
	char line[64] = "";
	FILE *f = fopen(path, "r");
	if (f) {
		if (!fgets(line, sizeof line, f)) line[0] = 0;
		fclose(f);
	}
	line[strcspn(line, "\n")] = 0;
	printf("%s: %s\n", label, f ? line : errname(errno));
}
