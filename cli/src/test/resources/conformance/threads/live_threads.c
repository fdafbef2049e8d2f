/* Two hundred threads alive at once (each waits until all are made), then joined; and a thread
 * made while the process holds descriptors numbered past 1024. */
#include "../conf.h"
#define N 200
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int go;
static void *run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!go) pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}
static void release(void)
{
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}
int main(void)
{
	pthread_t t[N];
	int made = 0;
	for (int i = 0; i < N && !pthread_create(&t[i], NULL, run, NULL); i++) made++;
	value("made", made);
	release();
	for (int i = 0; i < made; i++) pthread_join(t[i], NULL);
	struct rlimit r = {1200, 1200};
	check("a limit past 1024", setrlimit(RLIMIT_NOFILE, &r));
	int high = -1;
	for (int fd; (fd = open("/dev/null", O_RDONLY)) >= 0 && fd < 1100;) high = fd;
	yes("descriptors past 1024", high >= 1024);
	pthread_t one;
	yes("a thread then", !pthread_create(&one, NULL, run, NULL) && !pthread_join(one, NULL));
	int usable = 0;
	for (int fd = 1024; fd <= high; fd++) usable += fcntl(fd, F_GETFD) >= 0;
	yes("those still the process's", usable == high - 1023);
	return 0;
}
