/* fork in a thread: the child has only that thread, and runs. */
#include "../conf.h"
static void *run(void *arg)
{
	(void)arg;
	pid_t c = fork();
	if (c == 0) {
		int n = 0;
		DIR *d = opendir("/proc/self/task");
		for (struct dirent *e; d && (e = readdir(d)); ) if (e->d_name[0] != '.') n++;
		printf("child's tasks: %d\n", n);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	status("child", st);
	return NULL;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, NULL, run, NULL);
	pthread_join(t, NULL);
	return 0;
}
