/* rename over files and directories, and its refusals. */
#include "../conf.h"
int main(void)
{
	put("a", "A");
	put("b", "B");
	check("file over file", rename("a", "b"));
	yes("a gone", access("a", F_OK) != 0);
	mkdir("d1", 0755);
	mkdir("d2", 0755);
	check("dir over empty dir", rename("d1", "d2"));
	mkdir("d3", 0755);
	put("d2/x", "x");
	check("dir over non-empty dir", rename("d3", "d2"));
	check("file over dir", rename("b", "d3"));
	check("dir over file", rename("d3", "b"));
	check("dir into itself", rename("d2", "d2/sub"));
	check("missing source", rename("nothing", "z"));
	check("same name", rename("b", "b"));
	return 0;
}
