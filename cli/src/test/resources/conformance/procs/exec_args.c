/* execve passes argv and envp as given. */
#include "../conf.h"
extern char **environ;
int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++) printf("argv[%d] = [%s]\n", i, argv[i]);
		for (char **e = environ; *e; e++) printf("env [%s]\n", *e);
		return 0;
	}
	char *args[] = {argv[0], "one", "", "with space", NULL};
	char *env[] = {"A=1", "EMPTY=", "NOEQUALS", NULL};
	execve("/proc/self/exe", args, env);
	printf("execve: %s\n", errname(errno));
	return 1;
}
