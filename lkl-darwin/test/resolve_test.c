/* resolve_in_root (the Darwin host layer's openat2 RESOLVE_IN_ROOT),
 * compared on Linux with openat2 itself: the same paths and flags in the
 * same tree (symlinks absolute and relative, out of the tree and back,
 * loops, chains past Linux's limit, dangling ones, trailing slashes) must
 * find the same file or fail with the same errno, and creating opens
 * must leave two identical trees identical. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"
#include "resolve_in_root.h"

static int linux_openat2(int root, const char *path, int flags, int mode)
{
	struct open_how how = { .flags = (unsigned)flags, .mode = (flags & O_CREAT) ? (unsigned)mode : 0,
	                        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	/* EAGAIN: a rename anywhere on the machine during a walk through ".."
	 * (Linux's rename seqlock); the kernel's HostTree asks again too */
	long fd;
	for (int tries = 0; (fd = syscall(SYS_openat2, root, path, &how, sizeof how)) < 0 && errno == EAGAIN && tries < 1000; tries++)
		;
	return fd < 0 ? -errno : (int)fd;
}

static void make(const char *top, const char *rel, const char *link)
{
	char path[1100];
	snprintf(path, sizeof path, "%s/%s", top, rel);
	if (!link) {
		size_t n = strlen(path);
		if (path[n - 1] == '/') {
			path[n - 1] = 0;
			mkdir(path, 0755);
		} else {
			close(open(path, O_CREAT | O_WRONLY, 0644));
		}
	} else if (symlink(link, path)) {
		perror(path);
	}
}

/* A tree at top/root, with a file beside it that nothing may reach. */
static void tree(const char *top)
{
	char root[620];
	mkdir(top, 0755);
	make(top, "secret", 0);
	snprintf(root, sizeof root, "%s/root", top);
	mkdir(root, 0755);
	const char *dirs[] = { "dir/", "dir/sub/", "dir/file", "file" };
	for (unsigned i = 0; i < sizeof dirs / sizeof dirs[0]; i++) make(root, dirs[i], 0);
	const char *links[][2] = {
		{ "abs", "/dir" }, { "rel", "dir/sub" }, { "up", "../../.." }, { "upfile", "../../file" },
		{ "loop1", "loop2" }, { "loop2", "loop1" }, { "dangling", "nothing" }, { "danglingabs", "/made/../newfile" },
		{ "dirlink", "dir" }, { "filelink", "file" }, { "dir/sub/back", "../../dir/./sub/..//file" },
		{ "dir/sub/top", "/" }, { "escape", "/../secret" }, { "dir/deep", "../../../../../secret" },
		{ "dotdot", ".." }, { "slash", "dir/" }, { "made", "dir" },
	};
	for (unsigned i = 0; i < sizeof links / sizeof links[0]; i++) make(root, links[i][0], links[i][1]);
	/* c0 -> c1 -> ... -> c44 -> file: past 40; d0 .. d30 -> file: within */
	for (int i = 0; i < 45; i++) {
		char name[16], target[16];
		snprintf(name, sizeof name, "c%d", i);
		snprintf(target, sizeof target, i == 44 ? "file" : "c%d", i + 1);
		make(root, name, target);
		if (i <= 30) {
			snprintf(name, sizeof name, "d%d", i);
			snprintf(target, sizeof target, i == 30 ? "/file" : "d%d", i + 1);
			make(root, name, target);
		}
	}
}

/* "ok dev:ino" or "errno N" */
static void outcome(int fd, char *out, size_t size)
{
	struct stat st;
	if (fd < 0) snprintf(out, size, "errno %d", -fd);
	else if (fstat(fd, &st)) snprintf(out, size, "fstat failed");
	else snprintf(out, size, "ok %lu:%lu", (unsigned long)st.st_dev, (unsigned long)st.st_ino);
	if (fd >= 0) close(fd);
}

/* Every name under dir, with its kind, one per line. */
static void listing(int dir, const char *prefix, char *out, size_t size)
{
	DIR *d = fdopendir(dup(dir));
	if (!d) return;
	char *names[256];
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 256;)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[i], names[j]) > 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	for (int i = 0; i < n; i++) {
		struct stat st;
		fstatat(dir, names[i], &st, AT_SYMLINK_NOFOLLOW);
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s%s %o\n", prefix, names[i], st.st_mode & S_IFMT);
		if (S_ISDIR(st.st_mode)) {
			char sub[1100];
			snprintf(sub, sizeof sub, "%s%s/", prefix, names[i]);
			int fd = openat(dir, names[i], O_RDONLY | O_DIRECTORY);
			listing(fd, sub, out, size);
			close(fd);
		}
		free(names[i]);
	}
}

static int open_root(const char *top)
{
	char root[620];
	snprintf(root, sizeof root, "%s/root", top);
	return open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int main(void)
{
	char base[] = "/tmp/resolve_test.XXXXXX";
	if (!mkdtemp(base)) return 1;
	char top[600];
	snprintf(top, sizeof top, "%s/t", base);
	tree(top);
	int root = open_root(top);

	const char *paths[] = {
		".", "/", "", "file", "/file", "dir", "dir/", "dir/file", "dir/file/", "file/", "dir/sub/../file",
		"../file", "../../file", "/../file", "abs", "abs/", "abs/file", "abs/../file", "rel", "rel/..", "up",
		"up/file", "upfile", "loop1", "loop1/x", "dangling", "dangling/", "dirlink", "dirlink/", "dirlink/file",
		"filelink", "filelink/", "../secret", "up/secret", "escape", "dir/deep", "dir/sub/back", "dir/sub/top",
		"dir/sub/top/file", "dotdot", "dotdot/file", "slash", "slash/file", "nonexist", "nonexist/x", "c0", "d0",
		"dir//file", "./dir/./file", "dir/sub/../../dir/sub/../../../file", "abs/sub/back",
		"c4", "c5", /* 41 links: too many; 40: found */
	};
	const int flags[] = {
		O_RDONLY, O_PATH, O_RDONLY | O_NOFOLLOW, O_PATH | O_NOFOLLOW, O_RDONLY | O_DIRECTORY,
		O_PATH | O_DIRECTORY, O_PATH | O_DIRECTORY | O_NOFOLLOW, O_WRONLY,
	};
	for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++)
		for (unsigned f = 0; f < sizeof flags / sizeof flags[0]; f++) {
			char ours[64], theirs[64];
			outcome(resolve_in_root(root, paths[i], flags[f] | O_CLOEXEC, 0, !(flags[f] & O_NOFOLLOW)), ours, sizeof ours);
			outcome(linux_openat2(root, paths[i], flags[f] | O_CLOEXEC, 0), theirs, sizeof theirs);
			CHECK(!strcmp(ours, theirs));
			if (strcmp(ours, theirs))
				fprintf(stderr, "  \"%s\" flags %#o: %s, openat2 %s\n", paths[i], flags[f], ours, theirs);
		}

	/* A deep path holds no descriptor per level: 300 levels under a limit of 64. */
	char deep[1300] = "deep";
	mkdirat(root, "deep", 0755);
	for (int i = 0; i < 300; i++) {
		strcat(deep, "/a");
		mkdirat(root, deep, 0755);
	}
	char deep_up[1400];
	snprintf(deep_up, sizeof deep_up, "%s/../../a/./..", deep);
	struct rlimit was, low = { 64, 64 };
	getrlimit(RLIMIT_NOFILE, &was);
	low.rlim_max = was.rlim_max;
	setrlimit(RLIMIT_NOFILE, &low);
	const char *deeps[] = { deep, deep_up };
	for (unsigned i = 0; i < 2; i++) {
		char ours[64], theirs[64];
		outcome(resolve_in_root(root, deeps[i], O_PATH | O_CLOEXEC, 0, 1), ours, sizeof ours);
		outcome(linux_openat2(root, deeps[i], O_PATH | O_CLOEXEC, 0), theirs, sizeof theirs);
		CHECK(!strncmp(ours, "ok", 2) && !strcmp(ours, theirs));
		if (strcmp(ours, theirs)) fprintf(stderr, "  deep path %u: %s, openat2 %s\n", i, ours, theirs);
	}
	setrlimit(RLIMIT_NOFILE, &was);

	/* Creating opens, each on two fresh trees alike. */
	const struct { const char *path; int flags; } creates[] = {
		{ "newfile", O_CREAT | O_WRONLY }, { "dangling", O_CREAT | O_WRONLY }, { "danglingabs", O_CREAT | O_WRONLY },
		{ "dir/newf", O_CREAT | O_WRONLY }, { "dangling", O_CREAT | O_EXCL | O_WRONLY }, { "file", O_CREAT | O_EXCL | O_WRONLY },
		{ "dir/", O_CREAT | O_WRONLY }, { "up/created", O_CREAT | O_WRONLY }, { "abs/../../made2", O_CREAT | O_RDWR },
		{ "filelink", O_CREAT | O_WRONLY | O_TRUNC }, { "nonexist/x", O_CREAT | O_WRONLY }, { "escape", O_CREAT | O_WRONLY },
		{ "dangling", O_CREAT | O_WRONLY | O_NOFOLLOW }, { "filelink", O_CREAT | O_WRONLY | O_NOFOLLOW },
	};
	for (unsigned i = 0; i < sizeof creates / sizeof creates[0]; i++) {
		char a[600], b[600];
		snprintf(a, sizeof a, "%s/a%u", base, i);
		snprintf(b, sizeof b, "%s/b%u", base, i);
		tree(a);
		tree(b);
		int ra = open_root(a), rb = open_root(b);
		char ours[64], theirs[64];
		int fa = resolve_in_root(ra, creates[i].path, creates[i].flags | O_CLOEXEC, 0600, !(creates[i].flags & O_NOFOLLOW));
		int fb = linux_openat2(rb, creates[i].path, creates[i].flags | O_CLOEXEC, 0600);
		snprintf(ours, sizeof ours, "%s", fa < 0 ? strerror(-fa) : "ok");
		snprintf(theirs, sizeof theirs, "%s", fb < 0 ? strerror(-fb) : "ok");
		if (fa >= 0) close(fa);
		if (fb >= 0) close(fb);
		static char la[16384], lb[16384];
		la[0] = lb[0] = 0;
		int ta = open(a, O_RDONLY | O_DIRECTORY), tb = open(b, O_RDONLY | O_DIRECTORY);
		listing(ta, "", la, sizeof la);
		listing(tb, "", lb, sizeof lb);
		close(ta), close(tb), close(ra), close(rb);
		CHECK(!strcmp(ours, theirs) && !strcmp(la, lb));
		if (strcmp(ours, theirs) || strcmp(la, lb))
			fprintf(stderr, "  create \"%s\": %s, openat2 %s%s\n", creates[i].path, ours, theirs,
			        strcmp(la, lb) ? "; the trees differ" : "");
	}
	close(root);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf %s", base);
	if (system(cmd)) return 1;
	printf("resolve_in_root: %d checks passed, %d failed\n", passed, failed);
	return failed != 0;
}
