/* execve from a thread ends the other threads; the new image runs with the old pid. */
#include "../conf.h"
static pid_t pid0;
static void *run(void *arg)
{
	char *prog = arg;
	char pidbuf[16];
	snprintf(pidbuf, sizeof pidbuf, "%d", pid0);
	execl(prog, prog, pidbuf, (char *)NULL);
	return NULL;
}
int main(int argc, char **argv)
{
	if (argc > 1) {
		yes("same pid after exec", getpid() == atoi(argv[1]));
		int n = 0;
		DIR *d = opendir("/proc/self/task");
		for (struct dirent *e; d && (e = readdir(d)); ) if (e->d_name[0] != '.') n++;
		printf("tasks: %d\n", n);
		return 0;
	}
	pid0 = getpid();
	pthread_t t;
	pthread_create(&t, NULL, run, argv[0]);
	for (;;) pause();
}
