/* Two hard links are one file: a write through one name is read through the other. */
#include "../conf.h"
int main(void)
{
	put("f", "a\n");
	check("link", link("f", "g"));
	put("f", "b\n");
	char buf[8] = {0};
	int fd = open("g", O_RDONLY);
	read(fd, buf, 7);
	printf("g holds: %s", buf);
	struct stat a, b;
	stat("f", &a);
	stat("g", &b);
	yes("same inode", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	value("nlink", b.st_nlink);
	return 0;
}
