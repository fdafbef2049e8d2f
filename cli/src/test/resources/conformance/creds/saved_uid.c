/* With a saved id of 0, seteuid goes back and forth. */
#include "../conf.h"
int main(void)
{
	check("setresuid 1000 1000 0", setresuid(1000, 1000, 0));
	check("seteuid 0", seteuid(0));
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("ids %d %d %d\n", r, e, s);
	check("seteuid 1000", seteuid(1000));
	check("seteuid 1234 (no such id held)", seteuid(1234));
	check("setresuid -1 -1 -1", setresuid(-1, -1, -1));
	getresuid(&r, &e, &s);
	printf("ids %d %d %d\n", r, e, s);
	return 0;
}
