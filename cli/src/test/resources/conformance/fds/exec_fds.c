/* Across execve a plain descriptor stays, a close-on-exec one closes. */
#include "../conf.h"
int main(int argc, char **argv)
{
	if (argc > 1) {
		check("plain fd after exec", fcntl(atoi(argv[1]), F_GETFD));
		check("cloexec fd after exec", fcntl(atoi(argv[2]), F_GETFD));
		return 0;
	}
	int a = open("/dev/null", O_RDONLY);
	int b = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char sa[8], sb[8];
	snprintf(sa, sizeof sa, "%d", a);
	snprintf(sb, sizeof sb, "%d", b);
	execl("/proc/self/exe", argv[0], sa, sb, (char *)NULL);
	printf("exec: %s\n", errname(errno));
	return 1;
}
