/* posix_spawn with file actions; a missing program. */
#include <spawn.h>
#include "../conf.h"
extern char **environ;
int main(void)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t c;
	char *argv[] = {"echo", "spawned", NULL};
	value("spawn", posix_spawn(&c, "/bin/echo", &fa, NULL, argv, environ));
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	char buf[16] = {0};
	read(open("out", O_RDONLY), buf, 15);
	printf("out: %s", buf);
	value("spawn missing", posix_spawn(&c, "/no/such", NULL, NULL, argv, environ));
	value("spawnp", posix_spawnp(&c, "true", NULL, NULL, (char *[]){"true", NULL}, environ));
	waitpid(c, &st, 0);
	status("true", st);
	return 0;
}
