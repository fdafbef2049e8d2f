/* A dangling symlink: stat fails, lstat works, open O_CREAT makes its target. */
#include "../conf.h"
int main(void)
{
	symlink("target", "l");
	struct stat st;
	check("stat", stat("l", &st));
	check("lstat", lstat("l", &st));
	check("open", open("l", O_RDONLY));
	check("open O_CREAT", open("l", O_CREAT | O_WRONLY, 0644));
	yes("target exists", access("target", F_OK) == 0);
	check("stat now", stat("l", &st));
	return 0;
}
