/* inotify watches by path: a directory and a file, the events a series of
 * changes makes (names, rename cookies paired), and the refusals Linux gives. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *name_of(unsigned mask)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ IN_CREATE, "CREATE" }, { IN_MODIFY, "MODIFY" }, { IN_CLOSE_WRITE, "CLOSE_WRITE" },
		{ IN_MOVED_FROM, "MOVED_FROM" }, { IN_MOVED_TO, "MOVED_TO" }, { IN_DELETE, "DELETE" },
		{ IN_ATTRIB, "ATTRIB" }, { IN_DELETE_SELF, "DELETE_SELF" }, { IN_IGNORED, "IGNORED" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (mask & names[i].bit) return names[i].name;
	return "OTHER";
}

static void refused(const char *what, int r)
{
	printf("%s: %d %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : "/tmp";
	char dir[256], file[300], moved[300];
	snprintf(dir, sizeof dir, "%s/watched", base);
	snprintf(file, sizeof file, "%s/f", dir);
	snprintf(moved, sizeof moved, "%s/g", dir);
	mkdir(dir, 0755);
	int in = inotify_init1(IN_NONBLOCK);
	int wd = inotify_add_watch(in, dir, IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_ATTRIB);
	printf("watch the directory: %s\n", wd > 0 ? "ok" : strerror(errno));
	int fd = open(file, O_CREAT | O_WRONLY, 0644);
	write(fd, "x", 1);
	close(fd);
	int fwd = inotify_add_watch(in, file, IN_ATTRIB | IN_DELETE_SELF);
	printf("watch the file: %s, another number: %d\n", fwd > 0 ? "ok" : strerror(errno), fwd != wd);
	printf("the same file again, the same number: %d\n", inotify_add_watch(in, file, IN_ATTRIB | IN_DELETE_SELF) == fwd);
	chmod(file, 0600);
	rename(file, moved);
	unlink(moved);

	char buf[4096] __attribute__((aligned(8)));
	unsigned cookie = 0;
	ssize_t n = read(in, buf, sizeof buf);
	for (char *p = buf; n > 0 && p < buf + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		const char *which = e->wd == wd ? "dir" : e->wd == fwd ? "file" : "?";
		printf("%s %s %s", which, name_of(e->mask), e->len ? e->name : "-");
		if (e->mask & IN_MOVED_FROM) cookie = e->cookie;
		if (e->mask & IN_MOVED_TO) printf(" cookie %s", e->cookie == cookie && cookie ? "paired" : "unpaired");
		printf("\n");
		p += sizeof *e + e->len;
	}
	refused("missing path", inotify_add_watch(in, "/no/such", IN_CREATE));
	refused("IN_ONLYDIR on a file", inotify_add_watch(in, "/etc/passwd", IN_ONLYDIR | IN_ATTRIB));
	refused("not an inotify descriptor", inotify_add_watch(0, dir, IN_CREATE));
	refused("a closed descriptor", inotify_add_watch(999, dir, IN_CREATE));
	printf("rm_watch: %d\n", inotify_rm_watch(in, wd));
	rmdir(dir);
	return 0;
}
