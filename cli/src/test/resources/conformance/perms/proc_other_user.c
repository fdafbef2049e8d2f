/* A user's view of another user's process in /proc: its stat and cmdline
 * are anyone's; its environment, memory map, open files and links (exe,
 * cwd) only its own user's (Linux's ptrace read check). */
#include "../conf.h"
static void try(const char *label, const char *path)
{
	int fd = open(path, O_RDONLY);
	printf("%s: %s\n", label, fd >= 0 ? "ok" : errname(errno));
	if (fd >= 0) close(fd);
}
int main(void)
{
	pid_t rootish = fork();
	if (rootish == 0) {
		pause();
		_exit(0);
	}
	pid_t p = fork();
	if (p == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		char path[64], link[64];
		const char *files[] = { "stat", "cmdline", "environ", "maps", "fd" };
		for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
			snprintf(path, sizeof path, "/proc/%d/%s", rootish, files[i]);
			try(files[i], path);
		}
		snprintf(path, sizeof path, "/proc/%d/exe", rootish);
		printf("readlink exe: %s\n", readlink(path, link, sizeof link) >= 0 ? "ok" : errname(errno));
		_exit(0);
	}
	waitpid(p, NULL, 0);
	kill(rootish, SIGKILL);
	waitpid(rootish, NULL, 0);
	return 0;
}
