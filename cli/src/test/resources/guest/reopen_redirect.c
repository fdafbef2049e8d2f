/* A user's write reopening of a descriptor through /proc/self/fd, for
 * HostileGuestTest: the descriptor's name was removed (another link of its
 * file remaining) and a symlink to /etc put where its directory was, so its
 * old name now leads to /etc/passwd, which the user may not write. Linux
 * opens the descriptor's own file; the Lamina kernel, which reopens by name,
 * must not give the user /etc/passwd. Run as a user other than root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char proc[64], line[4096];
	if (mkdir("/tmp/d", 0755)) return 1;
	int made = open("/tmp/d/passwd", O_WRONLY | O_CREAT, 0644);
	if (made < 0 || link("/tmp/d/passwd", "/tmp/keep") || close(made)) return 1;
	int held = open("/tmp/d/passwd", O_RDONLY);
	if (held < 0 || unlink("/tmp/d/passwd") || rmdir("/tmp/d") || symlink("/etc", "/tmp/d")) return 1;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", held);
	int w = open(proc, O_WRONLY | O_APPEND);
	printf("reopen for writing: %s\n", w < 0 ? strerror(errno) : "ok");
	if (w >= 0 && write(w, "lamina-reopen-redirect\n", 23) != 23) return 1;
	FILE *f = fopen("/etc/passwd", "r");
	int written = 0;
	while (f && fgets(line, sizeof line, f)) written |= strstr(line, "lamina-reopen-redirect") != NULL;
	printf("/etc/passwd written: %s\n", written ? "yes" : "no");
	return 0;
}
