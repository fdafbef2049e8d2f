/* O_CREAT|O_EXCL makes a file once; then EEXIST, also through a symlink. */
#include "../conf.h"
int main(void)
{
	check("first", open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	check("second", open("f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	check("symlink", symlink("nowhere", "l"));
	check("through dangling symlink", open("l", O_WRONLY | O_CREAT | O_EXCL, 0644));
	yes("target made", access("nowhere", F_OK) == 0);
	return 0;
}
