/* A process with more than a thousand descriptors (its limit raised) can use every one it gets. */
#include "../conf.h"
int main(void)
{
	struct rlimit r = {2048, 2048};
	check("a limit of 2048", setrlimit(RLIMIT_NOFILE, &r));
	int opened = 0, unusable = 0;
	for (int i = 0; i < 1200; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) break;
		opened++;
		char c;
		if (read(fd, &c, 1) != 0 || fcntl(fd, F_GETFD) < 0) unusable++;
	}
	value("opened", opened);
	value("unusable", unusable);
	return 0;
}
