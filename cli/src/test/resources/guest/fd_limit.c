/* A guest program for RLIMIT_NOFILE: with the descriptor table full up to
 * a low limit, fork, pthread_create and exec still work (Linux needs no
 * descriptor for any) and the limit still binds the program, files the kernel
 * opens included (EMFILE). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread(void *arg) { return arg; }

int main(void)
{
	struct rlimit limit = { 20, 20 };
	if (setrlimit(RLIMIT_NOFILE, &limit)) perror("setrlimit");
	int last = -1, fd;
	while ((fd = dup(0)) >= 0) last = fd;
	printf("filled up to %d, then: %s\n", last, strerror(errno));
	/* Files the kernel opens: no room for them either. */
	errno = 0;
	printf("open: %s\n", open("/etc/passwd", O_RDONLY) < 0 ? strerror(errno) : "a descriptor past the limit");
	errno = 0;
	printf("open /proc/self/status: %s\n", open("/proc/self/status", O_RDONLY) < 0 ? strerror(errno) : "a descriptor past the limit");
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) _exit(7);
	int status = 0;
	if (child < 0) printf("fork: %s\n", strerror(errno));
	else if (waitpid(child, &status, 0) == child) printf("fork: the child exited with %d\n", WEXITSTATUS(status));
	pthread_t t;
	int r = pthread_create(&t, 0, thread, 0);
	if (r) printf("pthread_create: %s\n", strerror(r));
	else printf("pthread_create: joined %d\n", pthread_join(t, 0));
	child = fork();
	if (child == 0) {
		execl("/bin/true", "true", (char *)0);
		_exit(127);
	}
	if (child > 0 && waitpid(child, &status, 0) == child) printf("exec: the program exited with %d\n", WEXITSTATUS(status));
	printf("dup after all that: %s\n", dup(0) < 0 ? strerror(errno) : "a descriptor past the limit");
	getrlimit(RLIMIT_NOFILE, &limit);
	printf("soft limit %llu\n", (unsigned long long)limit.rlim_cur);
	return 0;
}
