/* /proc/self/fd/N names a descriptor's file, a pipe, a removed file. */
#include "../conf.h"
static void show(int fd)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	long n = readlink(path, buf, sizeof buf - 1);
	if (n < 0) { printf("fd %d: %s\n", fd, errname(errno)); return; }
	buf[n] = 0;
	char *o = buf; /* digit runs (inode numbers) become one N */
	for (char *s = buf; *s; s++)
		if (*s < '0' || *s > '9') *o++ = *s;
		else if (o == buf || o[-1] != 'N') *o++ = 'N';
	*o = 0;
	printf("fd %d: %s\n", fd, buf);
}
int main(void)
{
	int a = open("/etc/hostname", O_RDONLY);
	mkdir("/tmp/w2", 0755);
	put("/tmp/w2/gone", "x");
	int b = open("/tmp/w2/gone", O_RDONLY);
	unlink("/tmp/w2/gone");
	int p[2];
	pipe(p);
	int d = open("/tmp", O_RDONLY);
	show(a);
	show(b);
	show(p[0]);
	show(d);
	show(99);
	rmdir("/tmp/w2");
	return 0;
}
