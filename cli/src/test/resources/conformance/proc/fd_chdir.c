/* chdir through /proc/self/fd/N of a directory: the working directory is
 * that directory (getcwd names it, "." lists it), also once the descriptor
 * is closed; through a file's: ENOTDIR. */
#include "../conf.h"
int main(void)
{
	char start[PATH_MAX], now[PATH_MAX], want[PATH_MAX + 8], link[64];
	must("mkdir", mkdir("d", 0755));
	must("mkdir sub", mkdir("d/sub", 0755));
	put("d/sub/file", "x");
	if (!getcwd(start, sizeof start)) return 1;
	int dir = must("open dir", open("d/sub", O_RDONLY | O_DIRECTORY));
	snprintf(link, sizeof link, "/proc/self/fd/%d", dir);
	printf("chdir: %s\n", chdir(link) ? errname(errno) : "ok");
	snprintf(want, sizeof want, "%s/d/sub", start);
	printf("getcwd names it: %s\n", getcwd(now, sizeof now) && !strcmp(now, want) ? "yes" : "no");
	DIR *d = opendir(".");
	struct dirent *e;
	while (d && (e = readdir(d))) if (e->d_name[0] != '.') printf("listed: %s\n", e->d_name);
	if (d) closedir(d);
	close(dir);
	struct stat st;
	printf("file after close: %s\n", stat("file", &st) ? errname(errno) : "ok");
	must("back", chdir(start));
	int file = must("open file", open("d/sub/file", O_RDONLY));
	snprintf(link, sizeof link, "/proc/self/fd/%d", file);
	printf("chdir to a file's: %s\n", chdir(link) ? errname(errno) : "ok");
	return 0;
}
