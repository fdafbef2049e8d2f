/* What a user makes is its own, with its effective group; fchown by the owner to its group. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0777);
	chmod("d", 0777);
	if (fork() == 0) {
		gid_t g[] = {200};
		setgroups(1, g);
		setresgid(100, 150, 100);
		setresuid(1000, 1001, 1000);
		put("d/f", "x");
		struct stat st;
		stat("d/f", &st);
		printf("owner %d:%d\n", st.st_uid, st.st_gid);
		int fd = open("d/f", O_RDONLY);
		check("fchown to own group", fchown(fd, -1, 200));
		fstat(fd, &st);
		printf("owner %d:%d\n", st.st_uid, st.st_gid);
		_exit(0);
	}
	wait(NULL);
	return 0;
}
