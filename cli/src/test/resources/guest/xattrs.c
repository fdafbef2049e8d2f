/* Extended attributes by path and by descriptor: set, get, list, replace,
 * remove, the size queries, and the refusals Linux gives; on a file shared
 * with the image (argv[2]) the change is the container's alone. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

static void said(const char *what, long r)
{
	printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

/* The user.* names a list holds, in order, then its trusted.* names, on one line
 * (a file system orders names of different namespaces its own way). */
static void names(const char *what, const char *list, long n)
{
	printf("%s:", what);
	for (int pass = 0; pass < 2; pass++)
		for (long at = 0; at < n; at += (long)strlen(list + at) + 1)
			if (!strncmp(list + at, pass ? "trusted." : "user.", pass ? 8 : 5)) printf(" %s", list + at);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char file[256], value[64], list[1024];
	snprintf(file, sizeof file, "%s/xattr-file", dir);
	int fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0644);
	said("set user.a", setxattr(file, "user.a", "one", 3, 0));
	said("set user.b by fd", fsetxattr(fd, "user.b", "two!", 4, 0));
	said("size of user.a", getxattr(file, "user.a", 0, 0));
	long n = getxattr(file, "user.a", value, sizeof value);
	printf("user.a = %.*s\n", (int)(n > 0 ? n : 0), value);
	n = fgetxattr(fd, "user.b", value, sizeof value);
	printf("user.b by fd = %.*s\n", (int)(n > 0 ? n : 0), value);
	said("too small a buffer", getxattr(file, "user.a", value, 1));
	n = listxattr(file, list, sizeof list);
	names("list", list, n);
	said("list size", listxattr(file, 0, 0) == n ? 0 : -1);
	said("create an existing one", setxattr(file, "user.a", "x", 1, XATTR_CREATE));
	said("replace a missing one", setxattr(file, "user.c", "x", 1, XATTR_REPLACE));
	said("replace user.a", setxattr(file, "user.a", "uno", 3, XATTR_REPLACE));
	n = getxattr(file, "user.a", value, sizeof value);
	printf("user.a = %.*s\n", (int)(n > 0 ? n : 0), value);
	said("remove user.b", fremovexattr(fd, "user.b"));
	said("get the removed one", getxattr(file, "user.b", value, sizeof value));
	said("remove it again", removexattr(file, "user.b"));
	n = flistxattr(fd, list, sizeof list);
	names("list by fd", list, n);
	said("a missing file", getxattr("/no/such", "user.a", value, sizeof value));
	said("set trusted.t (root)", setxattr(file, "trusted.t", "tt", 2, 0));
	n = getxattr(file, "trusted.t", value, sizeof value);
	printf("trusted.t = %.*s\n", (int)(n > 0 ? n : 0), value);
	n = listxattr(file, list, sizeof list);
	names("list with trusted.t", list, n);
	said("remove trusted.t", removexattr(file, "trusted.t"));
	said("an empty value", setxattr(file, "user.empty", "", 0, 0));
	said("its size", getxattr(file, "user.empty", value, sizeof value));
	if (argc > 2) {
		said("set on an image file", setxattr(argv[2], "user.mine", "1", 1, 0));
		n = listxattr(argv[2], list, sizeof list);
		names("image file", list, n);
	}
	close(fd);
	unlink(file);
	return 0;
}
