/* execve keeps a user's ids; a non-set-id program leaves saved = effective. */
#include "../conf.h"
int main(int argc, char **argv)
{
	if (argc > 1) {
		uid_t r, e, s;
		getresuid(&r, &e, &s);
		gid_t gr, ge, gs;
		getresgid(&gr, &ge, &gs);
		printf("after exec: uid %d %d %d gid %d %d %d groups %d\n", r, e, s, gr, ge, gs, getgroups(0, NULL));
		return 0;
	}
	gid_t g[] = {7};
	setgroups(1, g);
	setresgid(100, 100, 100);
	setresuid(1000, 1000, 0);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	return 1;
}
