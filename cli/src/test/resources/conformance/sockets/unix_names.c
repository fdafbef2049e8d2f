/* The names of a stream socket bound at a path: getsockname gives the path it
 * was bound with (Python's multiprocessing Listener passes it on to clients,
 * a Manager among them), getpeername on the connecting side the same. */
#include "../conf.h"
static void show(const char *label, struct sockaddr_un *a, socklen_t n)
{
	printf("%s: %d %s\n", label, (int)n, n > 2 ? a->sun_path : "");
}
int main(void)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "/tmp/w/sock"};
	check("bind", bind(l, (void *)&a, sizeof a));
	check("listen", listen(l, 1));
	struct sockaddr_un got;
	socklen_t n = sizeof got;
	check("getsockname", getsockname(l, (void *)&got, &n));
	show("bound", &got, n);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check("connect", connect(c, (void *)&a, sizeof a));
	n = sizeof got;
	check("getpeername", getpeername(c, (void *)&got, &n));
	show("peer", &got, n);
	return 0;
}
