/* flock: shared and exclusive locks across processes, LOCK_NB. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	int fd = open("f", O_RDONLY);
	check("LOCK_SH", flock(fd, LOCK_SH));
	if (fork() == 0) {
		int fd2 = open("f", O_RDONLY);
		check("child LOCK_SH|LOCK_NB", flock(fd2, LOCK_SH | LOCK_NB));
		flock(fd2, LOCK_UN);
		check("child LOCK_EX|LOCK_NB", flock(fd2, LOCK_EX | LOCK_NB));
		check("inherited fd LOCK_EX|LOCK_NB", flock(fd, LOCK_EX | LOCK_NB));
		_exit(0);
	}
	wait(NULL);
	check("LOCK_UN", flock(fd, LOCK_UN));
	check("bad op", flock(fd, 99));
	return 0;
}
