/* The container's first user is root: every id 0. */
#include "../conf.h"
int main(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("uid %d %d %d gid %d %d %d\n", r, e, s, gr, ge, gs);
	printf("getuid %d geteuid %d getgid %d getegid %d\n", getuid(), geteuid(), getgid(), getegid());
	return 0;
}
