/* A write by a non-root owner clears set-user-ID; chmod g+s by a non-member drops the bit. */
#include "../conf.h"
int main(void)
{
	put("f", "x");
	chown("f", 1000, 100);
	chmod("f", 06755);
	put("g", "x");
	chown("g", 1000, 100);
	if (fork() == 0) {
		setgroups(0, NULL);
		setgid(300);
		setuid(1000);
		int fd = open("f", O_WRONLY | O_APPEND);
		write(fd, "y", 1);
		close(fd);
		check("chmod g+s by non-member", chmod("g", 02755));
		_exit(0);
	}
	wait(NULL);
	struct stat st;
	stat("f", &st);
	printf("after write: %04o\n", st.st_mode & 07777);
	stat("g", &st);
	printf("after chmod: %04o\n", st.st_mode & 07777);
	chown("f", 1000, 100);
	chmod("f", 06755);
	chown("f", 1001, -1);
	stat("f", &st);
	printf("after chown by root: %04o\n", st.st_mode & 07777);
	return 0;
}
