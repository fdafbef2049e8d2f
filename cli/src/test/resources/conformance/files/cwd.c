/* chdir and getcwd: relative moves, a removed cwd, a file as target. */
#include "../conf.h"
int main(void)
{
	char start[PATH_MAX], buf[PATH_MAX];
	if (!getcwd(start, sizeof start)) return 1;
	mkdir("sub", 0755);
	check("chdir sub", chdir("sub"));
	getcwd(buf, sizeof buf);
	yes("cwd is start/sub", strlen(buf) == strlen(start) + 4 && strncmp(buf, start, strlen(start)) == 0 && !strcmp(buf + strlen(start), "/sub"));
	check("chdir ..", chdir(".."));
	getcwd(buf, sizeof buf);
	yes("back at start", !strcmp(buf, start));
	put("f", "x");
	check("chdir file", chdir("f"));
	check("chdir missing", chdir("missing"));
	chdir("sub");
	rmdir("../sub");
	char *r = getcwd(buf, sizeof buf);
	printf("getcwd of removed: %s\n", r ? "a name" : errname(errno));
	check("chdir . in removed", chdir("."));
	check("create in removed", open("x", O_CREAT | O_WRONLY, 0644));
	return 0;
}
