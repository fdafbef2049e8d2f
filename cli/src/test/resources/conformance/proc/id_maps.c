/* What a program reads to learn whether it runs in a user namespace
 * (uid_map, gid_map, setgroups: here, as in Docker without one, the map of
 * every id to itself), its audit login uid (PAM's pam_loginuid), another
 * process's maps, and the kernel's command line. */
#include "../conf.h"
#include "procfile.h"
static void show(const char *path)
{
	char *s = slurp(path);
	printf("%s: %s%s", path, s ? s : "none", s && *s && s[strlen(s) - 1] == '\n' ? "" : "\n");
}
int main(void)
{
	show("/proc/self/uid_map");
	show("/proc/self/gid_map");
	show("/proc/self/setgroups");
	show("/proc/self/loginuid");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)c);
	char *s = slurp(path);
	printf("a child's uid_map: %s", s ? s : "none\n");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	s = slurp("/proc/cmdline");
	yes("/proc/cmdline is one line", s && strlen(s) > 1 && s[strlen(s) - 1] == '\n' && !strchr(s, '\n')[1]);
	return 0;
}
