/* A guest program for robust futexes: a process-shared robust mutex whose
 * owner exits while holding it; the next locker gets EOWNERDEAD. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pthread_mutex_t *m = mmap(0, sizeof *m, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &a);
	pid_t child = fork();
	if (child == 0) {
		pthread_mutex_lock(m);
		_exit(0); /* dies holding the lock */
	}
	waitpid(child, 0, 0);
	int r = pthread_mutex_lock(m);
	printf("lock after the owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : r == 0 ? "ok (wrong)" : "other error");
	if (r == EOWNERDEAD) pthread_mutex_consistent(m);
	printf("unlock: %d\n", pthread_mutex_unlock(m));
	return 0;
}
