/* getsockopt and setsockopt: SO_TYPE, SO_DOMAIN, SO_REUSEADDR, TCP_NODELAY, SO_ERROR, refusals. */
#include "../conf.h"
static int get(int s, int level, int opt)
{
	int v = -1;
	socklen_t l = sizeof v;
	if (getsockopt(s, level, opt, &v, &l) < 0) return -errno;
	return v;
}
int main(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	yes("SO_TYPE stream", get(s, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
	yes("SO_DOMAIN inet", get(s, SOL_SOCKET, SO_DOMAIN) == AF_INET);
	value("SO_REUSEADDR", get(s, SOL_SOCKET, SO_REUSEADDR));
	int one = 1;
	check("set SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
	value("SO_REUSEADDR", get(s, SOL_SOCKET, SO_REUSEADDR));
	check("set TCP_NODELAY", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
	value("TCP_NODELAY", get(s, IPPROTO_TCP, TCP_NODELAY));
	value("SO_ERROR", get(s, SOL_SOCKET, SO_ERROR));
	value("SO_ACCEPTCONN", get(s, SOL_SOCKET, SO_ACCEPTCONN));
	check("unknown option", setsockopt(s, SOL_SOCKET, 9999, &one, sizeof one));
	check("on a file", setsockopt(open("/dev/null", O_RDONLY), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
	check("short optlen", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, 1));
	return 0;
}
