/* /proc/self/cmdline: the arguments, NUL-separated; /proc/PID/cmdline of a child. */
#include "../conf.h"
#include "procfile.h"
int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		int fd = open("/proc/self/cmdline", O_RDONLY);
		char buf[256];
		long n = read(fd, buf, sizeof buf);
		printf("bytes %ld: ", n);
		for (int i = 0; i < n; i++) printf(buf[i] ? "%c" : "|", buf[i]);
		printf("\n");
		return 0;
	}
	pid_t c = fork();
	if (c == 0) {
		execl("/proc/self/exe", "conf-prog", "a b", "", "c", (char *)NULL);
		_exit(1);
	}
	waitpid(c, NULL, 0);
	return 0;
}
