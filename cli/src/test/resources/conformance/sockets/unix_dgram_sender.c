/* AF_UNIX datagrams: the receiver sees the sender's name as it was bound (a path, relative or
 * not, an abstract name, none for an unnamed socket) and replies to it by that address, as
 * request-reply tools do (chronyc, wpa_cli); recvmsg and recvmmsg show it too, and a small address
 * buffer gets what fits with the full length. */
#include "../conf.h"
static struct sockaddr_un named(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path, path);
	return a;
}

static void show(const char *label, struct sockaddr_un *a, socklen_t len)
{
	if (len <= sizeof(sa_family_t)) printf("%s: unnamed (%d)\n", label, (int)len);
	else if (a->sun_path[0]) printf("%s: %s (%d)\n", label, a->sun_path, (int)len);
	else printf("%s: @%.*s (%d)\n", label, (int)(len - sizeof(sa_family_t) - 1), a->sun_path + 1, (int)len);
}

/* The server receives one datagram, shows its sender, and answers it there. */
static void serve(int srv, const char *label)
{
	char buf[16] = {0};
	struct sockaddr_un from;
	socklen_t len = sizeof from;
	memset(&from, 0, sizeof from);
	value(label, recvfrom(srv, buf, sizeof buf, 0, (void *)&from, &len));
	show("  from", &from, len);
	if (len > sizeof(sa_family_t)) value("  answer", sendto(srv, "pong", 4, 0, (void *)&from, len));
}

int main(void)
{
	struct sockaddr_un s = named("/tmp/dsender-srv"), abs_srv = {.sun_family = AF_UNIX};
	unlink(s.sun_path);
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind server", bind(srv, (void *)&s, sizeof s));
	char buf[16];

	struct sockaddr_un c = named("/tmp/dsender-cli");
	unlink(c.sun_path);
	int cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind client", bind(cli, (void *)&c, sizeof c));
	value("send", sendto(cli, "ping", 4, 0, (void *)&s, sizeof s));
	serve(srv, "path client");
	struct sockaddr_un from;
	socklen_t len = sizeof from;
	value("client got", recvfrom(cli, buf, sizeof buf, 0, (void *)&from, &len));
	show("  from", &from, len);

	check("chdir", chdir("/tmp"));
	struct sockaddr_un r = named("dsender-rel");
	unlink(r.sun_path);
	int rel = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind relative", bind(rel, (void *)&r, sizeof r));
	check("connect", connect(rel, (void *)&s, sizeof s));
	value("send connected", send(rel, "ping", 4, 0));
	serve(srv, "relative client");
	value("relative got", recv(rel, buf, sizeof buf, 0));

	struct sockaddr_un a = {.sun_family = AF_UNIX};
	memcpy(a.sun_path, "\0dsender-abs", 12);
	int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind abstract", bind(ab, (void *)&a, 2 + 12));
	value("send", sendto(ab, "ping", 4, 0, (void *)&s, sizeof s));
	serve(srv, "abstract client");
	value("abstract got", recv(ab, buf, sizeof buf, 0));

	int un = socket(AF_UNIX, SOCK_DGRAM, 0);
	value("send", sendto(un, "ping", 4, 0, (void *)&s, sizeof s));
	serve(srv, "unnamed client");

	value("send", sendto(cli, "again", 5, 0, (void *)&s, sizeof s));
	struct sockaddr_un m_from;
	memset(&m_from, 0, sizeof m_from);
	struct iovec iov = {buf, sizeof buf};
	struct msghdr m = {.msg_name = &m_from, .msg_namelen = sizeof m_from, .msg_iov = &iov, .msg_iovlen = 1};
	value("recvmsg", recvmsg(srv, &m, 0));
	show("  from", &m_from, m.msg_namelen);

	value("send", sendto(cli, "small", 5, 0, (void *)&s, sizeof s));
	char small[8];
	memset(small, 0, sizeof small);
	len = sizeof small;
	value("small buffer", recvfrom(srv, buf, sizeof buf, 0, (void *)small, &len));
	printf("  length %d, path starts %.6s\n", (int)len, small + 2);

	/* recvmmsg: each message's sender, one into a small buffer, one with no name asked */
	value("send", sendto(cli, "one", 3, 0, (void *)&s, sizeof s));
	value("send", sendto(ab, "two", 3, 0, (void *)&s, sizeof s));
	value("send", sendto(rel, "three", 5, 0, (void *)&s, sizeof s));
	struct sockaddr_un mm_from[2];
	char mm_buf[3][8];
	struct iovec mm_iov[3];
	struct mmsghdr mm[3];
	memset(mm_from, 0, sizeof mm_from);
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 3; i++) {
		mm_iov[i] = (struct iovec){mm_buf[i], sizeof mm_buf[i]};
		mm[i].msg_hdr.msg_iov = &mm_iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	mm[0].msg_hdr.msg_name = &mm_from[0];
	mm[0].msg_hdr.msg_namelen = sizeof mm_from[0];
	mm[1].msg_hdr.msg_name = &mm_from[1];
	mm[1].msg_hdr.msg_namelen = 8;
	value("recvmmsg", recvmmsg(srv, mm, 3, MSG_DONTWAIT, NULL));
	show("  first from", &mm_from[0], mm[0].msg_hdr.msg_namelen);
	printf("  second: length %d, starts %.6s, %u bytes\n", (int)mm[1].msg_hdr.msg_namelen, mm_from[1].sun_path + 1, mm[1].msg_len);
	printf("  third: %u bytes, namelen %d\n", mm[2].msg_len, (int)mm[2].msg_hdr.msg_namelen);

	memcpy(abs_srv.sun_path, "\0dsender-srv2", 13);
	int srv2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	check("bind abstract server", bind(srv2, (void *)&abs_srv, 2 + 13));
	value("send to abstract", sendto(cli, "ping", 4, 0, (void *)&abs_srv, 2 + 13));
	serve(srv2, "path client to abstract server");
	value("client got", recv(cli, buf, sizeof buf, 0));
	unlink(s.sun_path);
	unlink(c.sun_path);
	unlink("/tmp/dsender-rel");
	return 0;
}
