/* The names AF_UNIX sockets bound by path show: getsockname of a listener and of a socket it
 * accepted, getpeername of the client, accept's address of an unnamed client, a relative name
 * as it was given, a datagram socket's absolute name. */
#include "../conf.h"
static void shown(const char *label, int r, struct sockaddr_un *a, const socklen_t *len_p)
{
	socklen_t len = *len_p;
	if (r < 0) {
		printf("%s: %s\n", label, errname(errno));
		return;
	}
	printf("%s: %s (%d)\n", label, len > 2 ? a->sun_path : "", (int)len);
}
int main(void)
{
	char cwd[PATH_MAX], path[PATH_MAX + 16];
	getcwd(cwd, sizeof cwd);
	struct sockaddr_un a = {.sun_family = AF_UNIX}, g;
	snprintf(path, sizeof path, "%s/listener", cwd);
	strcpy(a.sun_path, "listener");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	check("bind by a relative name", bind(l, (void *)&a, sizeof a));
	check("listen", listen(l, 4));
	socklen_t gl = sizeof g;
	shown("listener", getsockname(l, (void *)&g, &gl), &g, &gl);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, sizeof a));
	gl = sizeof g;
	shown("client's peer", getpeername(c, (void *)&g, &gl), &g, &gl);
	gl = sizeof g;
	int s = accept(l, (void *)&g, &gl);
	shown("accepted from an unnamed client", s, &g, &gl);
	gl = sizeof g;
	shown("accepted socket", getsockname(s, (void *)&g, &gl), &g, &gl);
	struct sockaddr_un abs = {.sun_family = AF_UNIX};
	strcpy(abs.sun_path, path);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	strcat(abs.sun_path, "-dgram");
	check("bind by an absolute name", bind(d, (void *)&abs, sizeof abs));
	gl = sizeof g;
	getsockname(d, (void *)&g, &gl);
	yes("it shows that name", !strcmp(g.sun_path, abs.sun_path) && gl == 2 + strlen(abs.sun_path) + 1);
	gl = 4;
	getsockname(l, (void *)&g, &gl);
	value("a short buffer gets the whole length", gl);
	return 0;
}
