/* /proc lists its entries in Linux's order (proc_root_readdir): "." and
 * "..", the machine's files by the length of their names and then by their
 * bytes, "self" and "thread-self", then the processes by pid (ps and pidof
 * show them in that order). A position telldir gave leads back to the same
 * entry, a rewind starts again, and a buffer too small for an entry is
 * EINVAL. */
#include "../conf.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int numeric(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9') return 0;
	return 1;
}

/* Another process's entry, one older than this process. */
static int older(const char *name)
{
	return numeric(name) && atoi(name) < getpid();
}

int main(void)
{
	pid_t kids[8];
	for (int i = 0; i < 8; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
	}
	static char names[512][256];
	int n = 0;
	DIR *d = opendir("/proc");
	yes("opens", d != NULL);
	for (struct dirent *e; d && n < 512 && (e = readdir(d));)
		snprintf(names[n++], sizeof names[0], "%s", e->d_name);
	yes(". and .. first", n > 2 && !strcmp(names[0], ".") && !strcmp(names[1], ".."));
	int first_pid = -1, machine_sorted = 1, pids_ascending = 1, pids = 0;
	for (int i = 2; i < n; i++) {
		if (numeric(names[i])) {
			if (first_pid < 0) first_pid = i;
			else if (atoi(names[i]) <= atoi(names[i - 1])) pids_ascending = 0;
			pids++;
		} else if (first_pid >= 0) {
			pids_ascending = 0; /* a name after the processes */
		} else if (i > 2 && strcmp(names[i], "self") && strcmp(names[i], "thread-self")
			   && strcmp(names[i - 1], "self") && strcmp(names[i - 1], "thread-self")) {
			size_t a = strlen(names[i - 1]), b = strlen(names[i]);
			if (a > b || (a == b && strcmp(names[i - 1], names[i]) >= 0)) machine_sorted = 0;
		}
	}
	yes("machine's files by length, then name", machine_sorted);
	yes("self, thread-self, then the processes", first_pid >= 4 && !strcmp(names[first_pid - 2], "self")
	    && !strcmp(names[first_pid - 1], "thread-self"));
	yes("processes by pid", pids_ascending);
	yes("processes listed", pids >= 9);
	int mine = 0;
	for (int i = 2; i < n; i++)
		if (numeric(names[i]) && atoi(names[i]) >= getpid()) mine++;
	printf("this process and its children: %d\n", mine);

	if (d) {
		rewinddir(d);
		struct dirent *e = readdir(d);
		yes("rewind starts again", e && !strcmp(e->d_name, "."));
		while ((e = readdir(d)) && !(numeric(e->d_name) && atoi(e->d_name) == getpid())) {}
		long at = telldir(d);
		e = readdir(d);
		char was[256];
		snprintf(was, sizeof was, "%s", e ? e->d_name : "");
		readdir(d);
		seekdir(d, at);
		e = readdir(d);
		yes("seekdir to telldir's position", e && !strcmp(e->d_name, was));
		/* an entry gone meanwhile: the listing goes on after it */
		kill(kids[7], SIGKILL);
		waitpid(kids[7], 0, 0);
		seekdir(d, at);
		int after = 0;
		while ((e = readdir(d)))
			if (numeric(e->d_name) && atoi(e->d_name) > getpid()) after++;
		printf("children from there on: %d\n", after);
		closedir(d);
	}

	int fd = open("/proc", O_RDONLY | O_DIRECTORY);
	char small[16];
	long r = syscall(SYS_getdents64, fd, small, sizeof small);
	printf("too small a buffer: %ld %s\n", r, errname(r < 0 ? errno : 0));
	union { char b[4096]; struct linux_dirent64 align; } buf;
	r = syscall(SYS_getdents64, fd, buf.b, sizeof buf.b);
	struct linux_dirent64 *e = (struct linux_dirent64 *)buf.b;
	yes("first read", r > 0 && !strcmp(e->d_name, ".") && e->d_type == DT_DIR);
	long end = 0;
	while (r > 0) {
		for (long at = 0; at < r; at += e->d_reclen) {
			e = (struct linux_dirent64 *)(buf.b + at);
			if (!strcmp(e->d_name, "thread-self")) yes("thread-self is a link", e->d_type == DT_LNK);
			if (numeric(e->d_name) && atoi(e->d_name) == getpid()) yes("a pid is a directory", e->d_type == DT_DIR);
		}
		end = e->d_off;
		r = syscall(SYS_getdents64, fd, buf.b, sizeof buf.b);
	}
	printf("at the end: %ld\n", r);
#ifdef SYS_getdents
	/* the old call (glibc before 2.28 lists with it): struct linux_dirent, d_type in the last byte */
	/* processes older than this one (a previous program's timeout watching
	 * it) may end between the two listings: compared are the others */
	n = 0;
	DIR *again = opendir("/proc");
	for (struct dirent *e2; again && n < 512 && (e2 = readdir(again));)
		if (!older(e2->d_name)) snprintf(names[n++], sizeof names[0], "%s", e2->d_name);
	if (again) closedir(again);
	lseek(fd, 0, SEEK_SET);
	int same = 1, m = 0, dot_type = -1;
	while ((r = syscall(SYS_getdents, fd, buf.b, sizeof buf.b)) > 0)
		for (long at = 0; at < r;) {
			char *rec = buf.b + at;
			unsigned short reclen = *(unsigned short *)(rec + 16);
			const char *name = rec + 18;
			if (m == 0) dot_type = rec[reclen - 1];
			at += reclen;
			if (older(name)) continue;
			if (m >= n || strcmp(names[m], name)) same = 0;
			m++;
		}
	yes("getdents: the same order", same && r == 0 && m == n);
	yes("getdents: . is a directory", dot_type == DT_DIR);
#endif
	yes("the offset is the last entry's d_off", lseek(fd, 0, SEEK_CUR) == end);
	lseek(fd, 0, SEEK_SET);
	r = syscall(SYS_getdents64, fd, buf.b, sizeof buf.b);
	yes("lseek to 0 starts again", r > 0 && !strcmp(((struct linux_dirent64 *)buf.b)->d_name, "."));
	close(fd);

	for (int i = 0; i < 7; i++) kill(kids[i], SIGKILL);
	while (wait(0) > 0) {}
	return 0;
}
