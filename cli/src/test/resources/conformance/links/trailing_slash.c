/* A trailing slash asks for a directory: names that are not one (a link to one
 * included, never followed) are refused by rename, and new names given with
 * one by mknod, symlink and link. "." and ".." are never renamed. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	mkdir("d", 0755);
	must("symlink", symlink("d", "ld"));
	check("rename file to name/", rename("f", "x/"));
	check("rename file/ away", rename("f/", "x"));
	check("rename link to dir, with slash", rename("ld/", "ld2"));
	yes("the directory stays", access("d", F_OK) == 0);
	yes("the link stays", access("ld", F_OK) == 0);
	check("rename dir/ to new/", rename("d/", "e/"));
	check("rename dir back", rename("e", "d"));
	check("symlink at name/", symlink("t", "y/"));
	check("symlink at existing/", symlink("t", "f/"));
	check("link at name/", link("f", "h/"));
	check("mkfifo at name/", mkfifo("p/", 0644));
	check("mkdir at name/", mkdir("m/", 0755));
	check("rename ..", rename("..", "z"));
	check("rename onto .", rename("f", "."));
	check("rename d/.. away", rename("d/..", "z"));
	check("renameat2 exchange dir and file/", syscall(SYS_renameat2, AT_FDCWD, "d", AT_FDCWD, "f/", 2 /* RENAME_EXCHANGE */));
	yes("only f, d, ld and m", access("x", F_OK) != 0 && access("y", F_OK) != 0 && access("h", F_OK) != 0
	    && access("p", F_OK) != 0 && access("ld2", F_OK) != 0);
	return 0;
}
