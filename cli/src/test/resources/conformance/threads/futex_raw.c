/* Raw futex: FUTEX_WAIT with a changed value is EAGAIN, times out, is woken by FUTEX_WAKE. */
#include "../conf.h"
/* linux/futex.h's values (musl-gcc has no kernel headers) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
static int word, waiting;
static long woken;
static pid_t main_tid;
/* Until the main thread sleeps: in its futex wait. */
static void until_main_asleep(void)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)main_tid);
	until_asleep(path);
}
static void *waker(void *arg)
{
	(void)arg;
	/* not after a fixed 50 ms: a main thread later than that (a loaded
	 * machine) would find the word changed (EAGAIN) and the wake nobody */
	while (!__atomic_load_n(&waiting, __ATOMIC_SEQ_CST)) usleep(1000);
	until_main_asleep();
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	woken = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return NULL;
}
int main(void)
{
	printf("wait on a changed value: %s\n", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) < 0 ? errname(errno) : "ok");
	struct timespec ts = {0, 20000000};
	printf("timeout: %s\n", syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) < 0 ? errname(errno) : "ok");
	main_tid = (pid_t)syscall(SYS_gettid);
	pthread_t t;
	pthread_create(&t, NULL, waker, NULL);
	__atomic_store_n(&waiting, 1, __ATOMIC_SEQ_CST); /* its next call is the wait */
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
