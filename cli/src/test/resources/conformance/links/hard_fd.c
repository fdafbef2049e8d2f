/* A descriptor opened through one name writes what another name reads, after the first is renamed. */
#include "../conf.h"
int main(void)
{
	put("f", "");
	int fd = must("open", open("f", O_WRONLY));
	link("f", "g");
	rename("f", "moved");
	write(fd, "through fd", 10);
	char buf[16] = {0};
	int r = open("g", O_RDONLY);
	read(r, buf, 15);
	printf("g: %s\n", buf);
	struct stat a, b;
	fstat(fd, &a);
	stat("moved", &b);
	yes("fd is moved's file", a.st_ino == b.st_ino);
	value("nlink", a.st_nlink);
	return 0;
}
