/* A futex in shared memory wakes a waiter in another process. */
#include "../conf.h"
/* linux/futex.h's values (musl-gcc has no kernel headers) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
int main(void)
{
	int *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t c = fork();
	if (c == 0) {
		while (__atomic_load_n(w, __ATOMIC_SEQ_CST) == 0) syscall(SYS_futex, w, FUTEX_WAIT, 0, NULL, NULL, 0);
		printf("child woke with %d\n", *w);
		_exit(0);
	}
	usleep(50000);
	__atomic_store_n(w, 3, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return 0;
}
