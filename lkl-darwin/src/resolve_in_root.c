/* resolve_in_root.h: openat2's RESOLVE_IN_ROOT done one name at a time.
 * Every step opens a single name relative to a directory already opened
 * inside the tree, never following a symlink by the host (O_NOFOLLOW): a
 * symlink is read (readlinkat) and its target spliced into what is left
 * of the path, from the tree's top when it is absolute. ".." goes back to
 * the directory the walk came through (checked: EAGAIN if a rename moved
 * it), and stays at the top there; the walk holds one descriptor. So a
 * symlink or rename a guest races in can change which file inside the
 * tree is found, never make the walk leave it. POSIX calls only: built on
 * Linux for its test, where openat2 itself is the reference. */
#define _GNU_SOURCE /* Linux's O_PATH, for the test */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "resolve_in_root.h"

/* Linux's limit on symlinks in one resolution (MAXSYMLINKS) */
#define LINKS_MAX 40
#define PATH_ROOM 4096

/* How a directory on the way is opened: for search, its own name only. */
#ifdef __linux__
#define DIR_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

/* Where the walk is: one descriptor, the current directory's (-1: the
 * tree's top), and the identity of each directory it went through to get
 * there, ids[0] the top's, ids[depth] the current one's. ".." is opened
 * and must be the one the walk came through; if a rename moved things
 * meanwhile, EAGAIN, as Linux's openat2 answers a rename race. */
struct id {
	dev_t dev;
	ino_t ino;
};

struct walk {
	int root, cur;
	struct id *ids;
	int depth, room;
};

static int current(const struct walk *w) { return w->cur >= 0 ? w->cur : w->root; }

static void move_to(struct walk *w, int fd)
{
	if (w->cur >= 0) close(w->cur);
	w->cur = fd;
}

static int same(const struct stat *st, const struct id *id) { return st->st_dev == id->dev && st->st_ino == id->ino; }

static int enter(struct walk *w, int fd)
{
	struct stat st;
	if (fstat(fd, &st)) {
		int e = errno;
		close(fd);
		return -e;
	}
	if (w->depth + 1 == w->room) {
		int room = w->room * 2;
		struct id *ids = realloc(w->ids, (size_t)room * sizeof *ids);
		if (!ids) {
			close(fd);
			return -ENOMEM;
		}
		w->ids = ids;
		w->room = room;
	}
	w->ids[++w->depth] = (struct id){ st.st_dev, st.st_ino };
	move_to(w, fd);
	return 0;
}

static int up(struct walk *w)
{
	if (w->depth == 0) return 0; /* ".." of the top is the top */
	if (w->depth == 1) {
		w->depth = 0;
		move_to(w, -1);
		return 0;
	}
	int fd = openat(current(w), "..", DIR_FLAGS);
	if (fd < 0) return -errno;
	struct stat st;
	if (fstat(fd, &st) || !same(&st, &w->ids[w->depth - 1])) {
		close(fd);
		return -EAGAIN;
	}
	w->depth--;
	move_to(w, fd);
	return 0;
}

static void to_top(struct walk *w)
{
	w->depth = 0;
	move_to(w, -1);
}

/* The target of name in the current directory spliced before rest (with
 * a slash between, or after it when a directory is wanted), into path
 * (PATH_ROOM bytes); 0, or -errno (-EINVAL: name is no symlink). */
static int splice_link(struct walk *w, const char *name, const char *rest, int dir_wanted, char *path)
{
	char joined[PATH_ROOM];
	ssize_t n = readlinkat(current(w), name, joined, sizeof joined - 1);
	if (n < 0) return -errno;
	if (n == 0) return -ENOENT; /* an empty target names nothing */
	size_t rest_len = strlen(rest);
	if ((size_t)n + 1 + rest_len + 1 > PATH_ROOM) return -ENAMETOOLONG;
	if (joined[0] == '/') to_top(w);
	if (rest_len || dir_wanted) joined[n++] = '/';
	memcpy(joined + n, rest, rest_len + 1);
	memcpy(path, joined, (size_t)n + rest_len + 1);
	return 0;
}

static int resolve(struct walk *w, const char *start, int flags, int mode, int follow)
{
	char path[PATH_ROOM];
	if (!*start) return -ENOENT;
	if (strlen(start) >= PATH_ROOM) return -ENAMETOOLONG;
	strcpy(path, start);
	int links = 0;
	char *p = path;
	for (;;) {
		while (*p == '/') p++;
		char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *after = end ? end : p + len;
		while (*after == '/') after++;
		int last = !*after, dir_wanted = last && end; /* a trailing slash asks for a directory */
		char name[PATH_ROOM];
		memcpy(name, p, len);
		name[len] = 0;
		if (len == 0 || !strcmp(name, ".") || !strcmp(name, "..")) {
			if (!strcmp(name, "..")) {
				int r = up(w);
				if (r) return r;
			}
			if (!last) {
				p = (char *)after;
				continue;
			}
			if ((flags & O_CREAT) && !(flags & O_DIRECTORY)) return -EISDIR;
			int fd = openat(current(w), ".", flags & ~(O_CREAT | O_EXCL), mode);
			return fd < 0 ? -errno : fd;
		}
		if (!last || dir_wanted) {
			if (last && (flags & O_CREAT)) return -EISDIR;
			int fd = openat(current(w), name, last ? flags | O_DIRECTORY | O_NOFOLLOW : DIR_FLAGS, mode);
			if (fd >= 0 && last) return fd;
			if (fd >= 0) {
				int r = enter(w, fd);
				if (r) return r;
				p = (char *)after;
				continue;
			}
			int e = errno;
			if (e != ELOOP && e != ENOTDIR) return -e;
			/* a symlink is followed on the way, and before a trailing slash */
			if (++links > LINKS_MAX) return -ELOOP;
			int r = splice_link(w, name, after, dir_wanted, path);
			if (r) return r == -EINVAL || r == -ENOENT ? -e : r;
			p = path;
			continue;
		} else if (follow && !((flags & O_CREAT) && (flags & O_EXCL))) {
			char probe[1];
			if (readlinkat(current(w), name, probe, sizeof probe) < 0) {
				/* not a symlink (or nothing there): opened as it is, never followed */
				int fd = openat(current(w), name, flags | O_NOFOLLOW, mode);
				if (fd < 0 && errno != ELOOP) return -errno;
				struct stat st;
				if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISLNK(st.st_mode)) return fd;
				if (fd >= 0) close(fd);
				/* a symlink raced in: followed below */
			}
		} else {
			/* not followed: flags say how (O_NOFOLLOW, Darwin's O_SYMLINK; O_EXCL never follows) */
			int fd = openat(current(w), name, flags, mode);
			return fd < 0 ? -errno : fd;
		}
		/* the last name, a symlink: followed */
		if (++links > LINKS_MAX) return -ELOOP;
		int r = splice_link(w, name, after, 0, path);
		if (r == -EINVAL || r == -ENOENT) continue; /* no longer a symlink: that name again */
		if (r) return r;
		p = path;
	}
}

int resolve_in_root(int root, const char *path, int flags, int mode, int follow)
{
	struct stat st;
	if (fstat(root, &st)) return -errno;
	struct walk w = { .root = root, .cur = -1, .room = 16 };
	if (!(w.ids = malloc((size_t)w.room * sizeof *w.ids))) return -ENOMEM;
	w.ids[0] = (struct id){ st.st_dev, st.st_ino };
	int r = resolve(&w, path, flags, mode, follow);
	move_to(&w, -1);
	free(w.ids);
	return r;
}
