/* Supplementary groups grant the group bits. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	chown("f", 0, 50);
	chmod("f", 0040);
	if (fork() == 0) {
		gid_t g[] = {60, 50};
		check("setgroups", setgroups(2, g));
		setgid(100);
		setuid(1000);
		check("open via supplementary group", open("f", O_RDONLY));
		_exit(0);
	}
	wait(NULL);
	if (fork() == 0) {
		setgroups(0, NULL);
		setgid(100);
		setuid(1000);
		check("open without it", open("f", O_RDONLY));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
