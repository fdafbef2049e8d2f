/* In a sticky directory a user removes and renames only its own files. */
#include "../conf.h"
int main(void)
{
	mkdir("t", 0777);
	chmod("t", 01777);
	put("t/roots", "x");
	put("t/others", "x");
	chown("t/others", 1001, 1001);
	chmod("t/others", 0666);
	if (fork() == 0) {
		setuid(1000);
		put("t/mine", "x");
		check("unlink root's", unlink("t/roots"));
		check("unlink another user's", unlink("t/others"));
		check("rename another user's", rename("t/others", "t/x"));
		check("write another user's", open("t/others", O_WRONLY));
		check("unlink own", unlink("t/mine"));
		_exit(0);
	}
	wait(NULL);
	check("root unlinks another user's", unlink("t/others"));
	return 0;
}
