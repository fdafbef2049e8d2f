/* TCP between two processes, for bench/network.sh: built for the host (glibc)
 * and for the default image (musl), the same code.
 *   tcp_bench server PORT            accepts forever; reads each connection to its end
 *   tcp_bench send HOST PORT BYTES   sends BYTES on one connection; prints its microseconds
 *   tcp_bench connect HOST PORT N    N connections, each reset at once; prints the median microseconds
 *                                    of one (socket and connect), then the mean of all but the slowest
 *                                    1% (the whole mean would carry the host's rare one-second SYN
 *                                    retransmits; this one carries a container's connects that ask the
 *                                    kernel, one in eight or so)
 * HOST is an IPv4 address or a name (/etc/hosts in a container). */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
#define SOMAXCONN_MAX 65535 /* listen() caps it at net.core.somaxconn */

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static struct sockaddr_in address(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *r;
	int e = getaddrinfo(host, port, &hints, &r);
	if (e) {
		fprintf(stderr, "tcp_bench: %s: %s\n", host, gai_strerror(e));
		exit(1);
	}
	struct sockaddr_in a;
	memcpy(&a, r->ai_addr, sizeof a);
	freeaddrinfo(r);
	return a;
}

static int connected(const struct sockaddr_in *a)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)a, sizeof *a)) {
		perror("tcp_bench: connect");
		exit(1);
	}
	return s;
}

static int serve(int port)
{
	static char buf[CHUNK];
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* a backlog as deep as the host allows: a client connecting in a loop outruns this
	 * accept loop, and a full queue drops a SYN, which costs the client a second */
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, SOMAXCONN_MAX)) {
		perror("tcp_bench: listen");
		return 1;
	}
	for (;;) {
		int c = accept(s, 0, 0);
		if (c < 0) continue;
		while (read(c, buf, sizeof buf) > 0) {}
		close(c);
	}
}

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	if (argc == 3 && !strcmp(argv[1], "server")) return serve(atoi(argv[2]));
	if (argc != 5 || (strcmp(argv[1], "send") && strcmp(argv[1], "connect"))) {
		fprintf(stderr, "usage: tcp_bench server PORT | send HOST PORT BYTES | connect HOST PORT N\n");
		return 2;
	}
	struct sockaddr_in a = address(argv[2], argv[3]);
	long long n = atoll(argv[4]);
	double start = now_us();
	if (!strcmp(argv[1], "connect")) {
		/* closed with a reset: no TIME_WAIT left behind, whose pile-up would slow the host's
		 * choice of a port for the next connect (a container's client is bound first) */
		struct linger reset = { 1, 0 };
		double *each = n > 0 ? malloc((size_t)n * sizeof *each) : NULL;
		if (!each) return 2;
		for (long long i = 0; i < n; i++) {
			double t = now_us();
			int s = connected(&a);
			each[i] = now_us() - t;
			setsockopt(s, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
			close(s);
		}
		qsort(each, (size_t)n, sizeof *each, by_value);
		long long kept = n - n / 100;
		double sum = 0;
		for (long long i = 0; i < kept; i++) sum += each[i];
		printf("%.2f %.2f\n", n % 2 ? each[n / 2] : (each[n / 2 - 1] + each[n / 2]) / 2, sum / (double)kept);
		return 0;
	}
	int s = connected(&a);
	for (long long left = n; left > 0;) {
		ssize_t w = write(s, buf, left < CHUNK ? (size_t)left : CHUNK);
		if (w <= 0) {
			perror("tcp_bench: write");
			return 1;
		}
		left -= w;
	}
	/* the end: the server has read everything when it closes its side */
	shutdown(s, SHUT_WR);
	while (read(s, buf, sizeof buf) > 0) {}
	close(s);
	printf("%.0f\n", now_us() - start);
	return 0;
}
