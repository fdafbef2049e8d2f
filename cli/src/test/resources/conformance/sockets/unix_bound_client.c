/* A stream client bound to a path before it connects (Python's test_socket
 * binds every Unix client so): it connects from that name, which the server's
 * accept and getpeername show, and which its own getsockname shows; a socket
 * that listened cannot connect (EINVAL). The connect was EINVAL for the
 * bound client too (the kernel makes a bound socket listening). */
#include "../conf.h"

static struct sockaddr_un at(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	return a;
}

static void show(const char *label, int fd, int peer)
{
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	memset(&a, 0, sizeof a);
	long r = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
	if (r < 0) printf("%s: %s\n", label, errname(errno));
	else printf("%s: %s\n", label, len > sizeof(sa_family_t) ? a.sun_path : "(unnamed)");
}

int main(void)
{
	struct sockaddr_un server = at("srv"), client = at("cli"), other = at("lsn");
	int s = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	must("bind", bind(s, (struct sockaddr *)&server, sizeof server));
	must("listen", listen(s, 4));
	int c = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	value("client bind", bind(c, (struct sockaddr *)&client, sizeof client));
	value("client connect", connect(c, (struct sockaddr *)&server, sizeof server));
	struct sockaddr_un from;
	socklen_t len = sizeof from;
	int a = must("accept", accept(s, (struct sockaddr *)&from, &len));
	printf("accept's address: %s\n", len > sizeof(sa_family_t) ? from.sun_path : "(unnamed)");
	show("accepted's peer", a, 1);
	show("accepted's name", a, 0);
	show("client's name", c, 0);
	show("client's peer", c, 1);
	char buf[8] = {0};
	value("client write", write(c, "ping", 4));
	value("server read", read(a, buf, sizeof buf - 1));
	value("server write", write(a, "pong", 4));
	value("client read", read(c, buf, sizeof buf - 1));
	printf("read: %s\n", buf);
	struct stat st;
	yes("the client's socket file", stat("cli", &st) == 0 && S_ISSOCK(st.st_mode));
	close(a);
	close(c);
	int l = must("socket", socket(AF_UNIX, SOCK_STREAM, 0));
	must("bind", bind(l, (struct sockaddr *)&other, sizeof other));
	must("listen", listen(l, 4));
	value("a listener's connect", connect(l, (struct sockaddr *)&server, sizeof server));
	return 0;
}
