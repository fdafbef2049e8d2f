/* Abstract AF_UNIX names: no file, connect by name. */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	memcpy(a.sun_path, "\0conf-abstract", 14);
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 14;
	check("bind", bind(l, (void *)&a, len));
	listen(l, 1);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, len));
	int s = accept(l, NULL, NULL);
	write(c, "abs", 3);
	char buf[4] = {0};
	read(s, buf, 3);
	printf("got %s\n", buf);
	struct sockaddr_un n;
	socklen_t nl = sizeof n;
	getsockname(l, (void *)&n, &nl);
	yes("getsockname gives the name back", nl == len && !memcmp(n.sun_path, a.sun_path, 14));
	return 0;
}
