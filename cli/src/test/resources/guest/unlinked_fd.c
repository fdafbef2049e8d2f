/* Metadata changes through a descriptor act on its file, whatever became of
 * the names: fchmod, fchown, futimens (and their *at forms with
 * AT_EMPTY_PATH) on a file whose only name was removed, on a file with
 * another name left, and on a removed file whose name was taken by a new one
 * (which must not change). Prints what each call returned and what fstat
 * (or stat of the other name) shows after. With IMAGE_FILE, also on a file
 * of the image whose container name was removed: it is still the image
 * store's, and must not change.
 *
 *   unlinked_fd DIR [IMAGE_FILE] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The mtime only once a call set it: before, it is the moment of creation. */
static void show(const char *what, int r, const struct stat *st)
{
	printf("%s: %d mode %o owner %d:%d links %ld", what, r, (unsigned)(st->st_mode & 07777),
	       (int)st->st_uid, (int)st->st_gid, (long)st->st_nlink);
	if (st->st_mtime < 1200000000) printf(" mtime %lld", (long long)st->st_mtime);
	printf("\n");
}

static void changes(int fd, const char *label)
{
	struct stat st;
	char what[128];
	int r = fchmod(fd, 0604);
	fstat(fd, &st);
	snprintf(what, sizeof what, "%s fchmod", label);
	show(what, r, &st);
	r = fchown(fd, 12, 34);
	fstat(fd, &st);
	snprintf(what, sizeof what, "%s fchown", label);
	show(what, r, &st);
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	r = futimens(fd, ts);
	fstat(fd, &st);
	snprintf(what, sizeof what, "%s futimens", label);
	show(what, r, &st);
	r = fchownat(fd, "", 56, 78, AT_EMPTY_PATH);
	ts[1].tv_sec = 1100000000;
	int r2 = utimensat(fd, "", ts, AT_EMPTY_PATH);
	fstat(fd, &st);
	snprintf(what, sizeof what, "%s fchownat+utimensat(AT_EMPTY_PATH) %d", label, r2);
	show(what, r, &st);
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) return 2;
	struct stat st;

	int fd = open("only", O_CREAT | O_RDWR | O_TRUNC, 0644);
	unlink("only");
	changes(fd, "only name removed");
	close(fd);

	fd = open("one", O_CREAT | O_RDWR | O_TRUNC, 0644);
	link("one", "other");
	unlink("one");
	changes(fd, "another name left");
	stat("other", &st);
	show("the other name", 0, &st);
	close(fd);
	unlink("other");

	fd = open("reused", O_CREAT | O_RDWR | O_TRUNC, 0644);
	unlink("reused");
	int fresh = open("reused", O_CREAT | O_RDWR | O_TRUNC, 0644);
	changes(fd, "name reused");
	stat("reused", &st);
	printf("the new file: mode %o owner %d:%d\n", (unsigned)(st.st_mode & 07777), (int)st.st_uid, (int)st.st_gid);
	close(fresh);
	close(fd);
	unlink("reused");

	if (argc > 2) {
		fd = open(argv[2], O_RDONLY);
		unlink(argv[2]);
		changes(fd, "image file, name removed");
		close(fd);
	}
	return 0;
}
