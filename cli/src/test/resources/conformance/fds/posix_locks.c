/* fcntl record locks: a conflict in another process, F_GETLK's owner, release on close. */
#include "../conf.h"
int main(void)
{
	put("f", "0123456789");
	int fd = open("f", O_RDWR);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5};
	check("parent F_SETLK 0-4", fcntl(fd, F_SETLK, &fl));
	pid_t parent = getpid();
	int sync[2];
	pipe(sync);
	pid_t p = fork();
	if (p == 0) {
		int fd2 = open("f", O_RDWR);
		struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1};
		check("child F_GETLK", fcntl(fd2, F_GETLK, &q));
		printf("type wrlck: %s pid==parent: %s start %ld len %ld\n", q.l_type == F_WRLCK ? "yes" : "no",
		       q.l_pid == parent ? "yes" : "no", (long)q.l_start, (long)q.l_len);
		q = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1};
		check("child F_SETLK", fcntl(fd2, F_SETLK, &q));
		q = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 5};
		check("child F_SETLK 5-9", fcntl(fd2, F_SETLK, &q));
		write(sync[1], "x", 1);
		q = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
		check("child F_SETLKW waits", fcntl(fd2, F_SETLKW, &q));
		_exit(0);
	}
	char c;
	read(sync[0], &c, 1);
	usleep(100000);
	close(fd);
	int st;
	waitpid(p, &st, 0);
	status("child", st);
	return 0;
}
