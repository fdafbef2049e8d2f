/* symlink and readlink: the target as written, lengths, refusals. */
#include "../conf.h"
int main(void)
{
	check("symlink", symlink("some/where/../x", "l"));
	char buf[64];
	long n = value("readlink", readlink("l", buf, sizeof buf));
	if (n > 0) printf("target: %.*s\n", (int)n, buf);
	value("readlink small buffer", readlink("l", buf, 4));
	printf("first 4: %.4s\n", buf);
	put("f", "x");
	check("readlink a file", readlink("f", buf, sizeof buf));
	check("readlink missing", readlink("missing", buf, sizeof buf));
	check("symlink over existing", symlink("x", "f"));
	check("empty target", symlink("", "e"));
	struct stat st;
	lstat("l", &st);
	value("lstat size", st.st_size);
	return 0;
}
