/* setreuid swaps real and effective; the saved id follows the effective one. */
#include "../conf.h"
int main(void)
{
	check("setreuid 1000 2000", setreuid(1000, 2000));
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("ids %d %d %d\n", r, e, s);
	check("setreuid 2000 1000 (swap)", setreuid(2000, 1000));
	getresuid(&r, &e, &s);
	printf("ids %d %d %d\n", r, e, s);
	check("setreuid 0 -1", setreuid(0, -1));
	return 0;
}
