/* AF_UNIX by path: bind makes a socket file, connect reaches it, a second bind is EADDRINUSE. */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "sock"};
	check("bind", bind(l, (void *)&a, sizeof a));
	struct stat st;
	stat("sock", &st);
	yes("a socket file", S_ISSOCK(st.st_mode));
	check("listen", listen(l, 1));
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, sizeof a));
	int s = accept(l, NULL, NULL);
	write(c, "hi", 2);
	char buf[4] = {0};
	read(s, buf, 3);
	printf("got %s\n", buf);
	int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
	check("bind again", bind(l2, (void *)&a, sizeof a));
	struct sockaddr_un none = {.sun_family = AF_UNIX, .sun_path = "nothing"};
	check("connect to nothing", connect(l2, (void *)&none, sizeof none));
	put("plain", "x");
	struct sockaddr_un pf = {.sun_family = AF_UNIX, .sun_path = "plain"};
	check("connect to a plain file", connect(socket(AF_UNIX, SOCK_STREAM, 0), (void *)&pf, sizeof pf));
	return 0;
}
