/* /proc's files read again after a seek to 0, as procps's top, free -s and
 * vmstat read them: the moment's figures, on a read-only descriptor. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	const char *files[] = { "/proc/uptime", "/proc/stat", "/proc/meminfo", "/proc/loadavg" };
	int fds[4];
	char first[4][4096], again[4096];
	for (int i = 0; i < 4; i++) {
		fds[i] = open(files[i], O_RDONLY);
		long n = read(fds[i], first[i], sizeof first[i] - 1);
		first[i][n > 0 ? n : 0] = 0;
	}
	struct timespec wait = { 1, 200000000 };
	nanosleep(&wait, 0);
	/* /proc/uptime changes every hundredth of a second, /proc/stat's first line with every tick. */
	for (int i = 0; i < 2; i++) {
		lseek(fds[i], 0, SEEK_SET);
		long n = read(fds[i], again, sizeof again - 1);
		again[n > 0 ? n : 0] = 0;
		printf("%s read again: %s\n", files[i], strcmp(first[i], again) ? "new figures" : "the same");
	}
	struct stat st;
	fstat(fds[2], &st);
	printf("/proc/meminfo: opened %s, mode %o, size %lld, write %s\n",
	       (fcntl(fds[2], F_GETFL) & O_ACCMODE) == O_RDONLY ? "read-only" : "for writing", st.st_mode & 07777,
	       (long long)st.st_size, write(fds[2], "x", 1) < 0 ? "refused" : "taken");
	return 0;
}
