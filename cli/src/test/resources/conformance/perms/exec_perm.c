/* execve needs an execute bit (root too) and refuses directories and noexec texts. */
#include "../conf.h"
static void try(const char *label, const char *path)
{
	pid_t p = fork();
	if (p == 0) {
		char *argv[] = {(char *)path, NULL};
		execve(path, argv, (char *[]){NULL});
		printf("%s: %s\n", label, errname(errno));
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
}
int main(void)
{
	put("s", "#!/bin/sh\necho script ran\n");
	chmod("s", 0644);
	try("script 0644", "./s");
	chmod("s", 0755);
	try("script 0755", "./s");
	mkdir("d", 0755);
	try("a directory", "./d");
	put("t", "just text\n");
	chmod("t", 0755);
	try("text without #!", "./t");
	put("b", "#!/no/such/interp\n");
	chmod("b", 0755);
	try("missing interpreter", "./b");
	return 0;
}
