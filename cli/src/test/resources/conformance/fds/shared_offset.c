/* dup and fork share the file offset; a second open has its own. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int a = open("f", O_RDONLY);
	int b = dup(a);
	int c = open("f", O_RDONLY);
	char buf[4];
	read(a, buf, 3);
	value("dup's offset", lseek(b, 0, SEEK_CUR));
	value("other open's offset", lseek(c, 0, SEEK_CUR));
	if (fork() == 0) {
		read(a, buf, 2);
		_exit(0);
	}
	wait(NULL);
	value("after the child read", lseek(a, 0, SEEK_CUR));
	return 0;
}
