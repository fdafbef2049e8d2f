/* execve from a thread after the process lowered its descriptor limit: the
 * new image runs, with the limit as it was set (the init host moved its
 * channel to its own number under the guest's limit: EBADF, and the
 * process ended with 126 after the old program was gone). */
#include "../conf.h"
#include <sys/resource.h>
static void *run(void *arg)
{
	execl((char *)arg, (char *)arg, "again", (char *)NULL);
	printf("execl: %s\n", errname(errno));
	exit(1);
}
int main(int argc, char **argv)
{
	struct rlimit r;
	if (argc > 1) {
		check("getrlimit", getrlimit(RLIMIT_NOFILE, &r));
		printf("ran, limits %ld %ld\n", (long)r.rlim_cur, (long)r.rlim_max);
		return 0;
	}
	r.rlim_cur = 64;
	r.rlim_max = 128;
	check("setrlimit", setrlimit(RLIMIT_NOFILE, &r));
	pthread_t t;
	pthread_create(&t, NULL, run, argv[0]);
	for (;;) pause();
}
