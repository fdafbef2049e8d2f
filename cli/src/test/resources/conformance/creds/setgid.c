/* setgid, setregid and setresgid as root, then as a user. */
#include "../conf.h"
int main(void)
{
	check("setgid 50", setgid(50));
	gid_t r, e, s;
	getresgid(&r, &e, &s);
	printf("gids %d %d %d\n", r, e, s);
	check("setregid 60 70", setregid(60, 70));
	getresgid(&r, &e, &s);
	printf("gids %d %d %d\n", r, e, s);
	check("setresgid 1 2 3", setresgid(1, 2, 3));
	getresgid(&r, &e, &s);
	printf("gids %d %d %d\n", r, e, s);
	setuid(1000);
	check("user setgid to saved", setgid(3));
	check("user setgid elsewhere", setgid(99));
	return 0;
}
