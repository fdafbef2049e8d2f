/* A non-blocking connect on loopback: EINPROGRESS or at once, then writable with SO_ERROR 0. */
#include "../conf.h"
int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(l, (void *)&a, sizeof a);
	listen(l, 1);
	socklen_t len = sizeof a;
	getsockname(l, (void *)&a, &len);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int r = connect(c, (void *)&a, sizeof a);
	yes("connect ok or EINPROGRESS", r == 0 || errno == EINPROGRESS);
	struct pollfd p = {c, POLLOUT, 0};
	value("poll", poll(&p, 1, 2000));
	int err = -1;
	len = sizeof err;
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	value("SO_ERROR", err);
	/* the client is connected once it has the server's SYN-ACK, the
	 * listener only once its ACK has come back: until then */
	struct pollfd lp = {l, POLLIN, 0};
	poll(&lp, 1, 2000);
	fcntl(l, F_SETFL, O_NONBLOCK);
	check("accept", accept(l, NULL, NULL));
	check("accept again", accept(l, NULL, NULL));
	return 0;
}
