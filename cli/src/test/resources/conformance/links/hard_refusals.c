/* link refuses directories, existing names and missing sources. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0755);
	put("f", "x");
	put("g", "y");
	check("link a directory", link("d", "d2"));
	check("link over existing", link("f", "g"));
	check("link missing", link("missing", "h"));
	check("link into missing dir", link("f", "nodir/h"));
	check("link f f", link("f", "f"));
	return 0;
}
