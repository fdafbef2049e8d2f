/* Makes threads, then processes, until the host refuses one, and says how
 * many it had and why it was refused: under --pids-limit N the container
 * holds N tasks at most (threads count, as the pids cgroup counts them). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX 64
#define MAX_AUTO 5

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int finished;

static void *wait_done(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!finished) pthread_cond_wait(&done, &lock);
	pthread_mutex_unlock(&lock);
	return 0;
}

int main(void)
{
	pthread_t threads[MAX];
	int n = 0, err = 0;
	while (n < MAX && !(err = pthread_create(&threads[n], 0, wait_done, 0))) n++;
	printf("threads: %d, then %s\n", n, err ? strerror(err) : "none refused");
	pthread_mutex_lock(&lock);
	finished = 1;
	pthread_cond_broadcast(&done);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < n; i++) pthread_join(threads[i], 0);
	int pipefd[2];
	if (pipe(pipefd)) return 1;
	int children = 0;
	pid_t pid;
	while (children < MAX && (pid = fork()) >= 0) {
		if (!pid) {
			char c;
			close(pipefd[1]);
			read(pipefd[0], &c, 1); /* until the parent closes its end */
			_exit(0);
		}
		children++;
	}
	printf("children: %d, then %s\n", children, children < MAX ? strerror(errno) : "none refused");
	close(pipefd[1]);
	while (wait(0) > 0) {}
	pid = fork();
	if (!pid) _exit(0);
	printf("a fork once they are reaped: %s\n", pid > 0 ? "made" : strerror(errno));
	if (pid > 0) waitpid(pid, 0, 0);
	/* Children of a parent that ignores SIGCHLD are reaped by the host: none holds a pid once ended. */
	signal(SIGCHLD, SIG_IGN);
	int made = 0;
	for (int i = 0; i < 2 * MAX_AUTO; i++) {
		pid = fork();
		if (!pid) _exit(0);
		if (pid > 0) made++;
		usleep(50000);
	}
	printf("children reaped unseen: %d of %d made\n", made, 2 * MAX_AUTO);
	return 0;
}
