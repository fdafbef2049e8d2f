/* setgroups and getgroups: the list back, its count, and refusals. */
#include "../conf.h"
int main(void)
{
	gid_t set[] = {10, 20, 30};
	check("setgroups 3", setgroups(3, set));
	value("getgroups count", getgroups(0, NULL));
	gid_t got[8];
	int n = getgroups(8, got);
	for (int i = 0; i < n; i++) printf("group %d\n", got[i]);
	value("getgroups too small", getgroups(1, got));
	check("setgroups 0", setgroups(0, NULL));
	value("now", getgroups(0, NULL));
	if (fork() == 0) {
		setuid(1000);
		check("setgroups as user", setgroups(1, set));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
