/* ENOTDIR and EISDIR: a file used as a directory and the other way round. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	mkdir("d", 0755);
	check("O_DIRECTORY on a file", open("f", O_RDONLY | O_DIRECTORY));
	check("f/x", open("f/x", O_RDONLY));
	check("f/", open("f/", O_RDONLY));
	check("stat f/.", access("f/.", F_OK));
	check("write a directory", open("d", O_WRONLY));
	check("read a directory", open("d", O_RDONLY));
	int dfd = open("d", O_RDONLY);
	char c;
	check("read() on it", read(dfd, &c, 1));
	check("d/", open("d/", O_RDONLY));
	check("create d/", open("new/", O_CREAT | O_WRONLY, 0644));
	return 0;
}
