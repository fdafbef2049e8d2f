/* setuid from root sets all three ids; there is no way back. */
#include "../conf.h"
int main(void)
{
	check("setuid 1000", setuid(1000));
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("ids %d %d %d\n", r, e, s);
	check("setuid 0", setuid(0));
	check("seteuid 0", seteuid(0));
	check("setuid 1000 again", setuid(1000));
	check("setuid 1001", setuid(1001));
	return 0;
}
