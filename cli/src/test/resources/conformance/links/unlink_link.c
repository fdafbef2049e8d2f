/* unlink removes a symlink, not its target; rmdir of a link to a dir is ENOTDIR. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	symlink("f", "l");
	check("unlink l", unlink("l"));
	yes("f stays", access("f", F_OK) == 0);
	mkdir("d", 0755);
	symlink("d", "ld");
	check("rmdir ld", rmdir("ld"));
	check("unlink ld/", unlink("ld/"));
	check("unlink ld", unlink("ld"));
	yes("d stays", access("d", F_OK) == 0);
	return 0;
}
