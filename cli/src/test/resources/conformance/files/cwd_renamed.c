/* A cwd is the directory, not its name: it follows a rename of the directory
 * or of one above it, made by the process itself or by another, and an
 * exchange (renameat2 RENAME_EXCHANGE) of it with another directory. */
#include "../conf.h"

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcmp(s + n - m, tail);
}

int main(void)
{
	char start[PATH_MAX], buf[PATH_MAX], path[PATH_MAX + 8], other[PATH_MAX + 8];
	if (!getcwd(start, sizeof start)) return 1;
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	check("chdir a/b", chdir("a/b"));
	check("rename of an ancestor", rename("../../a", "../../c"));
	yes("getcwd follows", getcwd(buf, sizeof buf) && ends_with(buf, "/c/b"));
	put("x", "1");
	snprintf(path, sizeof path, "%s/c/b/x", start);
	yes("a relative create lands in it", access(path, F_OK) == 0);

	int go[2], done[2];
	if (pipe(go) || pipe(done)) return 1;
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(go[0], &c, 1);
		yes("child's getcwd follows another's rename", getcwd(buf, sizeof buf) && ends_with(buf, "/d/b"));
		yes("child's relative name", access("x", F_OK) == 0);
		write(done[1], "", 1);
		_exit(0);
	}
	snprintf(path, sizeof path, "%s/c", start);
	snprintf(other, sizeof other, "%s/d", start);
	check("rename by the parent", rename(path, other));
	write(go[1], "", 1);
	char c;
	read(done[0], &c, 1);
	waitpid(child, 0, 0);

	snprintf(path, sizeof path, "%s/e", start);
	mkdir(path, 0755);
	check("exchange", syscall(SYS_renameat2, AT_FDCWD, other, AT_FDCWD, path, 2 /* RENAME_EXCHANGE */));
	yes("getcwd follows the exchange", getcwd(buf, sizeof buf) && ends_with(buf, "/e/b"));
	yes("relative name after the exchange", access("x", F_OK) == 0);
	return 0;
}
