/* A program retitling itself as nginx and postgres do (setproctitle: writing
 * over its arguments and on into the environment strings just above them)
 * shows the new title in /proc/self/cmdline and to its parent; one changing an
 * argument in place shows that. */
#include "../conf.h"
#include "procfile.h"
static void show(const char *label, const char *path)
{
	int fd = open(path, O_RDONLY);
	char buf[256];
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
	printf("%s: %ld: ", label, n);
	for (int i = 0; i < n; i++) printf(buf[i] ? "%c" : "|", buf[i]);
	printf("\n");
	if (fd >= 0) close(fd);
}
int main(int argc, char **argv, char **envp)
{
	if (argc == 3) {
		char *arg_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
		yes("environment just above the arguments", envp[0] == arg_end);
		argv[1][0] = 'y';
		show("changed in place", "/proc/self/cmdline");
		char *env_end = envp[0] + strlen(envp[0]) + 1;
		const char *title = "conf-prog: a title longer than the arguments";
		size_t room = env_end - argv[0];
		memset(argv[0], 0, room);
		memcpy(argv[0], title, strlen(title) < room - 1 ? strlen(title) : room - 1);
		show("retitled", "/proc/self/cmdline");
		raise(SIGSTOP);
		return 0;
	}
	pid_t c = fork();
	if (c == 0) {
		char *env[] = { "PADDING=0123456789012345678901234567890123456789012345678901234567890123", NULL };
		execle("/proc/self/exe", "conf-prog", "x", "z", (char *)NULL, env);
		_exit(1);
	}
	int st;
	waitpid(c, &st, WUNTRACED);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/cmdline", c);
	show("the parent sees", path);
	kill(c, SIGCONT);
	waitpid(c, &st, 0);
	status("child", st);
	return 0;
}
