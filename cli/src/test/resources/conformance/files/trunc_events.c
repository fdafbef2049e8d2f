/* O_TRUNC tells inotify of a change only when the open truncates a file
 * that was there: one it creates is not truncated (Linux's FMODE_CREATED),
 * one that was there, even empty, is (MODIFY, and new times). */
#include <sys/inotify.h>
#include "../conf.h"
/* The events read, by name in order of name: Lamina's truncation of a file
 * that was there comes after its open, Linux's before (not checked here). */
static void events(int in, const char *label)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_CREATE, "CREATE"}, {IN_MODIFY, "MODIFY"}, {IN_OPEN, "OPEN"},
	};
	char buf[4096] __attribute__((aligned(8)));
	int count[5] = {0};
	usleep(50000); /* a close's event may come a moment late: the kernel's own copy of a file it opened is closed after its answer */
	long n = read(in, buf, sizeof buf);
	for (char *p = buf; n > 0 && p < buf + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		for (int i = 0; i < 5; i++) count[i] += (e->mask & names[i].bit) != 0;
		p += sizeof *e + e->len;
	}
	printf("%s:", label);
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < count[i]; k++) printf(" %s", names[i].name);
	printf("\n");
}
int main(void)
{
	mkdir("w", 0755);
	int in = must("inotify_init1", inotify_init1(IN_NONBLOCK));
	must("add_watch", inotify_add_watch(in, "w", IN_CREATE | IN_OPEN | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB));
	close(must("open new", open("w/new", O_WRONLY | O_CREAT | O_TRUNC, 0644)));
	events(in, "created");
	close(must("open again", open("w/new", O_WRONLY | O_CREAT | O_TRUNC, 0644)));
	events(in, "there, empty");
	put("w/full", "abc");
	events(in, "written");
	close(must("open full", open("w/full", O_WRONLY | O_TRUNC)));
	events(in, "there, full");
	struct stat st;
	stat("w/full", &st);
	value("size", st.st_size);
	return 0;
}
