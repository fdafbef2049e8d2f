/* Raw futex: FUTEX_WAIT with a changed value is EAGAIN, times out, is woken by FUTEX_WAKE. */
#include "../conf.h"
/* linux/futex.h's values (musl-gcc has no kernel headers) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
static int word;
static long woken;
static void *waker(void *arg)
{
	(void)arg;
	usleep(50000);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	woken = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return NULL;
}
int main(void)
{
	printf("wait on a changed value: %s\n", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) < 0 ? errname(errno) : "ok");
	struct timespec ts = {0, 20000000};
	printf("timeout: %s\n", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) < 0 ? errname(errno) : "ok");
	pthread_t t;
	pthread_create(&t, NULL, waker, NULL);
	long r;
	do r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	while (r < 0 && errno == EINTR);
	printf("waited: %s\n", r < 0 ? errname(errno) : "ok");
	pthread_join(t, NULL);
	printf("woke %ld\n", woken);
	printf("wake nobody: %ld\n", syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	printf("bad op: %s\n", syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0) < 0 ? errname(errno) : "ok");
	return 0;
}
