/* A directory's link count: 2, plus one per subdirectory. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0755);
	struct stat st;
	stat("d", &st);
	value("empty", st.st_nlink);
	mkdir("d/a", 0755);
	mkdir("d/b", 0755);
	put("d/f", "x");
	stat("d", &st);
	value("two subdirs and a file", st.st_nlink);
	rmdir("d/a");
	stat("d", &st);
	value("one removed", st.st_nlink);
	rename("d/b", "b");
	stat("d", &st);
	value("one moved out", st.st_nlink);
	return 0;
}
