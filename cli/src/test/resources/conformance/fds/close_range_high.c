/* close_range up to the largest number closes descriptors past 1024 too, while eighty threads run. */
#include "../conf.h"
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void *wait_for_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&held);
	pthread_mutex_unlock(&held);
	return NULL;
}
int main(void)
{
	struct rlimit r = {2048, 2048};
	check("a limit of 2048", setrlimit(RLIMIT_NOFILE, &r));
	pthread_mutex_lock(&held);
	pthread_t t[80];
	int made = 0;
	while (made < 80 && !pthread_create(&t[made], NULL, wait_for_main, NULL)) made++;
	value("threads", made);
	int fd = open("/dev/null", O_RDONLY);
	check("dup2 to 900", dup2(fd, 900));
	check("dup2 to 1100", dup2(fd, 1100));
	check("dup2 to 1900", dup2(fd, 1900));
	check("close 4-max", syscall(SYS_close_range, fd + 1, ~0U, 0));
	check("fcntl 900", fcntl(900, F_GETFD));
	check("fcntl 1100", fcntl(1100, F_GETFD));
	check("fcntl 1900", fcntl(1900, F_GETFD));
	check("the first one", fcntl(fd, F_GETFD));
	pthread_mutex_unlock(&held);
	int joined = 0;
	for (int i = 0; i < made; i++) joined += !pthread_join(t[i], NULL);
	value("joined", joined);
	return 0;
}
