/* A socket a user binds at a path is that user's: it may chmod it, as
 * postgres does with its socket in the socket directory. */
#include "../conf.h"
int main(void)
{
	mkdir("d", 0777);
	chmod("d", 0777);
	if (fork() == 0) {
		setresgid(100, 100, 100);
		setresuid(1000, 1000, 1000);
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		strcpy(a.sun_path, "d/s");
		check("bind", bind(s, (struct sockaddr *)&a, sizeof a));
		check("listen", listen(s, 4));
		struct stat st;
		stat("d/s", &st);
		printf("owner %d:%d socket %s\n", st.st_uid, st.st_gid, S_ISSOCK(st.st_mode) ? "yes" : "no");
		check("chmod 0777", chmod("d/s", 0777));
		stat("d/s", &st);
		printf("mode %o\n", st.st_mode & 07777);
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		check("connect", connect(c, (struct sockaddr *)&a, sizeof a));
		_exit(0);
	}
	wait(NULL);
	return 0;
}
