/* Writes of up to PIPE_BUF bytes from several writers never interleave. */
#include "../conf.h"
int main(void)
{
	int p[2];
	pipe(p);
	for (int k = 0; k < 4; k++)
		if (fork() == 0) {
			char buf[PIPE_BUF];
			memset(buf, 'a' + k, sizeof buf);
			for (int i = 0; i < 32; i++) write(p[1], buf, sizeof buf);
			_exit(0);
		}
	close(p[1]);
	char buf[PIPE_BUF];
	int chunks = 0, mixed = 0;
	for (;;) {
		long got = 0, n;
		while (got < PIPE_BUF && (n = read(p[0], buf + got, PIPE_BUF - got)) > 0) got += n;
		if (got == 0) break;
		for (int i = 1; i < got; i++) if (buf[i] != buf[0]) { mixed++; break; }
		chunks++;
	}
	while (wait(NULL) > 0) {}
	printf("chunks %d mixed %d\n", chunks, mixed);
	return 0;
}
