/* setfsuid follows the effective id and, for root, takes any value. */
#include <sys/fsuid.h>
#include "../conf.h"
int main(void)
{
	mkdir("d", 0777);
	chmod("d", 0777);
	value("setfsuid 1000 returns old", setfsuid(1000));
	value("setfsuid -1 returns current", setfsuid(-1));
	put("d/f", "x");
	struct stat st;
	stat("d/f", &st);
	printf("file made as fsuid 1000 owned by %d\n", st.st_uid);
	setfsuid(0);
	seteuid(2000);
	value("fsuid follows euid", setfsuid(-1));
	return 0;
}
