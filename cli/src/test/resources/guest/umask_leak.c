/* A process with umask 077 makes a file; then another user reads the files
 * the container's kernel makes when first looked at (/etc/hosts, /dev/null,
 * /proc/self/status): they stay readable, as Linux's and Docker's are. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *readable(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) return "refused";
	close(fd);
	return "readable";
}

int main(void)
{
	umask(077);
	close(open("/tmp/private-file", O_CREAT | O_WRONLY, 0666));
	mkdir("/tmp/private-dir", 0777);
	umask(022);
	if (setgid(1000) || setuid(1000)) return 1;
	const char *paths[] = { "/etc/hosts", "/dev/null", "/proc/self/status" };
	for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) printf("%s: %s\n", paths[i], readable(paths[i]));
	return 0;
}
