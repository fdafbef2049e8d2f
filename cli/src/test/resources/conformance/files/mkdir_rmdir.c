/* mkdir and rmdir and their refusals. */
#include "../conf.h"
int main(void)
{
	check("mkdir d", mkdir("d", 0755));
	check("mkdir d again", mkdir("d", 0755));
	check("mkdir d/e", mkdir("d/e", 0755));
	check("mkdir missing/x", mkdir("missing/x", 0755));
	check("rmdir non-empty", rmdir("d"));
	check("rmdir d/e", rmdir("d/e"));
	check("rmdir d/.", rmdir("d/."));
	check("rmdir d", rmdir("d"));
	check("rmdir d again", rmdir("d"));
	put("f", "x");
	check("rmdir a file", rmdir("f"));
	check("unlink a directory", (mkdir("d2", 0755), unlink("d2")));
	return 0;
}
