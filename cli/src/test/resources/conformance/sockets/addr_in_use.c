/* A second listener on the same port: EADDRINUSE; SO_REUSEPORT on both allows it. */
#include "../conf.h"
int main(void)
{
	int a = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(a, (void *)&sa, sizeof sa);
	listen(a, 1);
	socklen_t len = sizeof sa;
	getsockname(a, (void *)&sa, &len);
	int b = socket(AF_INET, SOCK_STREAM, 0);
	check("second bind", bind(b, (void *)&sa, sizeof sa));
	int one = 1;
	int c = socket(AF_INET, SOCK_STREAM, 0), d = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(c, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
	setsockopt(d, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
	struct sockaddr_in sc = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	check("reuseport first", bind(c, (void *)&sc, sizeof sc));
	len = sizeof sc;
	getsockname(c, (void *)&sc, &len);
	check("reuseport second", bind(d, (void *)&sc, sizeof sc));
	check("bind twice", bind(c, (void *)&sc, sizeof sc));
	return 0;
}
