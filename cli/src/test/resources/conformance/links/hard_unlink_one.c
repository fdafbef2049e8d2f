/* Removing one of two names leaves the other with the content. */
#include "../conf.h"
int main(void)
{
	put("f", "kept");
	link("f", "g");
	check("unlink f", unlink("f"));
	struct stat st;
	check("stat g", stat("g", &st));
	value("nlink", st.st_nlink);
	value("size", st.st_size);
	check("rename g over itself by another name", (link("g", "h"), rename("g", "h")));
	yes("g still there", access("g", F_OK) == 0);
	return 0;
}
