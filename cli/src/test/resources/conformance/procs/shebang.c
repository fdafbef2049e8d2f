/* A #! script runs under its interpreter with the script's path and argument. */
#include "../conf.h"
int main(void)
{
	put("s", "#!/bin/sh -e\necho \"script: $0 args: $*\"\n");
	chmod("s", 0755);
	pid_t c = fork();
	if (c == 0) {
		execl("./s", "s", "a", "b c", (char *)NULL);
		_exit(99);
	}
	int st;
	waitpid(c, &st, 0);
	status("script", st);
	put("e", "#!/bin/echo one arg\n");
	chmod("e", 0755);
	c = fork();
	if (c == 0) {
		execl("./e", "e", "x", (char *)NULL);
		_exit(99);
	}
	waitpid(c, &st, 0);
	return 0;
}
